package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.multiprocessing4j.ipc.ListProxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.function.UnaryOperator;

/** The client side of a manager list; see {@link ListProxy}. */
@DefaultSerializer(ProxySerializer.class)
@SuppressWarnings("unchecked")
final class RemoteList<E> implements ListProxy<E>, Proxied {
    private static final MethodTable T = MethodTable.of(ServerObjects.ListOps.class);
    private static final int SIZE = T.index("size");
    private static final int IS_EMPTY = T.index("isEmpty");
    private static final int CONTAINS = T.index("contains", Object.class);
    private static final int TO_ARRAY = T.index("toArray");
    private static final int ADD = T.index("add", Object.class);
    private static final int ADD_AT = T.index("add", int.class, Object.class);
    private static final int REMOVE = T.index("remove", Object.class);
    private static final int REMOVE_AT = T.index("remove", int.class);
    private static final int CONTAINS_ALL = T.index("containsAll", Collection.class);
    private static final int ADD_ALL = T.index("addAll", Collection.class);
    private static final int ADD_ALL_AT = T.index("addAll", int.class, Collection.class);
    private static final int REMOVE_ALL = T.index("removeAll", Collection.class);
    private static final int RETAIN_ALL = T.index("retainAll", Collection.class);
    private static final int REPLACE_ALL = T.index("replaceAll", UnaryOperator.class);
    private static final int SORT = T.index("sort", Comparator.class);
    private static final int CLEAR = T.index("clear");
    private static final int GET = T.index("get", int.class);
    private static final int SET = T.index("set", int.class, Object.class);
    private static final int INDEX_OF = T.index("indexOf", Object.class);
    private static final int LAST_INDEX_OF = T.index("lastIndexOf", Object.class);
    private static final int REVERSE = T.index("reverse");
    private static final int COPY = T.index("copy");
    private static final int TO_STRING = T.index("toString");

    private final ProxyHandle handle;

    RemoteList(ProxyHandle handle) {
        this.handle = handle;
    }

    @Override
    public ProxyHandle handle() {
        return handle;
    }

    private static Collection<?> portable(Collection<?> c) {
        return c instanceof Proxied ? c : new ArrayList<>(c);
    }

    @Override
    public int size() {
        return (Integer) handle.call(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return (Boolean) handle.call(IS_EMPTY);
    }

    @Override
    public boolean contains(Object o) {
        return (Boolean) handle.call(CONTAINS, o);
    }

    @Override
    public Iterator<E> iterator() {
        return Collections.unmodifiableList(copy()).iterator();
    }

    @Override
    public Object[] toArray() {
        return (Object[]) handle.call(TO_ARRAY);
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return copy().toArray(a);
    }

    @Override
    public boolean add(E e) {
        return (Boolean) handle.call(ADD, e);
    }

    @Override
    public boolean remove(Object o) {
        return (Boolean) handle.call(REMOVE, o);
    }

    @Override
    public boolean containsAll(Collection<?> c) {
        return (Boolean) handle.call(CONTAINS_ALL, portable(c));
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        return (Boolean) handle.call(ADD_ALL, portable(c));
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> c) {
        return (Boolean) handle.call(ADD_ALL_AT, index, portable(c));
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        return (Boolean) handle.call(REMOVE_ALL, portable(c));
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        return (Boolean) handle.call(RETAIN_ALL, portable(c));
    }

    @Override
    public void replaceAll(UnaryOperator<E> operator) {
        handle.call(REPLACE_ALL, operator);
    }

    @Override
    public void sort(Comparator<? super E> c) {
        handle.call(SORT, c);
    }

    @Override
    public void clear() {
        handle.call(CLEAR);
    }

    @Override
    public E get(int index) {
        return (E) handle.call(GET, index);
    }

    @Override
    public E set(int index, E element) {
        return (E) handle.call(SET, index, element);
    }

    @Override
    public void add(int index, E element) {
        handle.call(ADD_AT, index, element);
    }

    @Override
    public E remove(int index) {
        return (E) handle.call(REMOVE_AT, index);
    }

    @Override
    public int indexOf(Object o) {
        return (Integer) handle.call(INDEX_OF, o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return (Integer) handle.call(LAST_INDEX_OF, o);
    }

    @Override
    public ListIterator<E> listIterator() {
        return Collections.unmodifiableList(copy()).listIterator();
    }

    @Override
    public ListIterator<E> listIterator(int index) {
        return Collections.unmodifiableList(copy()).listIterator(index);
    }

    @Override
    public List<E> subList(int fromIndex, int toIndex) {
        return Collections.unmodifiableList(copy().subList(fromIndex, toIndex));
    }

    @Override
    public void reverse() {
        handle.call(REVERSE);
    }

    @Override
    public List<E> copy() {
        return (List<E>) handle.call(COPY);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof Proxied p && handle.sameObject(p.handle())) {
            return true;
        }
        return o instanceof List && copy().equals(o);
    }

    @Override
    public int hashCode() {
        return copy().hashCode();
    }

    @Override
    public String toString() {
        return handle.describe(TO_STRING);
    }
}
