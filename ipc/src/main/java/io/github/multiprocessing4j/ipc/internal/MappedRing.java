package io.github.multiprocessing4j.ipc.internal;

import static io.github.multiprocessing4j.ipc.internal.RingLayout.*;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.ipc.ClosedException;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A multi-producer multi-consumer ring of byte records in a memory-mapped file ({@link RingLayout}),
 * shared by every JVM that maps the file. Vyukov's bounded MPMC queue with records that cover several
 * consecutive slots; items larger than {@link #inlineMax()} go to a spill file of their own next to the
 * ring, so one huge item never needs a consumer to read while it is written.
 *
 * <p>Producers claim positions with {@code compareAndSet} on the tail, copy the record in, and publish
 * it with {@code setRelease} on the first slot's sequence; consumers claim with {@code compareAndSet} on
 * the head after a {@code getAcquire} of that sequence, copy the record out and release its slots with
 * {@code setRelease}. Nothing is locked, so a JVM that dies between two operations holds nothing.
 * Blocking uses the {@link WaitSet}s of the header: a waiter spins briefly, then sleeps until signalled.
 *
 * <p>Memory consistency: everything a producer thread did before {@link #offer} returns happens-before
 * everything the consumer thread that receives that record does after {@link #poll} returns it.
 *
 * <p>Thread-safety: any number of threads in any number of JVMs. The received bytes live in a
 * thread-local buffer until the same thread's next {@link #poll}.
 */
public final class MappedRing {
    private static final long PID = ProcessHandle.current().pid();
    /** How often a waiter that was not signalled looks whether the other side died. */
    private static final long LIVENESS_SLICE_NANOS = 50_000_000L;
    /** How long a waiter spins before {@link WaitSet#await} (which spins a little more, then sleeps). */
    private static final long SPIN_NANOS = Long.getLong("mp4j.ringSpinNanos", 50_000L);
    private static final int MAX_SPIN_CREDIT = 8;
    /** Received records up to this size stay in a per-thread buffer; larger ones get their own array. */
    private static final int KEEP_BUFFER = 1 << 20;
    /** The largest spilled item: the largest byte array; a record claiming more is corrupt. */
    private static final long MAX_SPILLED_BYTES = Integer.MAX_VALUE - 8;
    private static final ThreadLocal<Received> RECEIVED = ThreadLocal.withInitial(Received::new);

    private final Path path;
    /** The mapping; {@link #mem} reads and writes it, this field keeps it mapped. */
    private final MappedByteBuffer buf;
    private final MappedAccess mem;
    private final int slotCount;
    private final int mask;
    private final int slotShift;
    private final int dataOffset;
    private final int dataBytes;
    private final int inlineMax;
    private final long maxItems;
    private final WaitSet notEmpty;
    private final WaitSet notFull;
    private final WaitSet allDone;
    /** Each thread's state for this ring ({@link Local}). */
    private final ThreadLocal<Local> locals = ThreadLocal.withInitial(Local::new);
    /**
     * The last thread's {@link Local}, so a thread that puts or takes in a loop skips the thread-local
     * lookup. Read and written racily: {@link Local#owner} is final, so any thread sees a published
     * Local whole, and uses it only if it is its own.
     */
    private Local last;
    /** Adaptive spinning, shared (racily, it is only a hint) by this JVM's threads using this ring. */
    private int spinCredit = MAX_SPIN_CREDIT;
    private int spinProbe;
    /** Which of this JVM's threads holds each line it took, so lines of ended threads are reused. */
    private final Map<Integer, WeakReference<Thread>> participantThreads = new HashMap<>();

    private MappedRing(Path path, MappedAccess mem) {
        this.path = path;
        this.buf = mem.buffer;
        this.mem = mem;
        // read once: every index below derives from these, whatever the file says later
        this.slotCount = mem.getInt(SLOT_COUNT_OFFSET);
        this.mask = slotCount - 1;
        this.slotShift = mem.getInt(SLOT_SHIFT_OFFSET);
        checkGeometry(slotCount, slotShift);
        if (fileSize(slotCount, slotShift) > mem.size) {
            throw new MultiprocessingException("queue file " + path + " has " + mem.size + " bytes, its header ("
                    + slotCount + " slots of " + (1 << slotShift) + " bytes) needs " + fileSize(slotCount, slotShift));
        }
        this.dataOffset = RingLayout.dataOffset(slotCount);
        this.dataBytes = slotCount << slotShift;
        this.inlineMax = Math.min(dataBytes / 4, 4 << 20) - RECORD_HEADER;
        this.maxItems = mem.getLongAcquire(MAX_ITEMS_OFFSET);
        this.notEmpty = WaitSet.at(buf, NOT_EMPTY_OFFSET);
        this.notFull = WaitSet.at(buf, NOT_FULL_OFFSET);
        this.allDone = WaitSet.at(buf, ALL_DONE_OFFSET);
    }

    /**
     * Creates and maps a new ring file. Call once, in the creating JVM.
     *
     * @param maxItems items the ring may hold before {@code offer} waits; 0 for only the ring's own size
     */
    public static MappedRing create(Path path, int slotCount, int slotShift, long maxItems) {
        checkGeometry(slotCount, slotShift);
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems < 0: " + maxItems);
        }
        long size = fileSize(slotCount, slotShift);
        MappedByteBuffer b = MappedFiles.create(path, size); // every block taken now: see there
        b.order(ByteOrder.nativeOrder());
        MappedAccess m = MappedAccess.of(b);
        m.putInt(VERSION_OFFSET, VERSION);
        m.putInt(SLOT_COUNT_OFFSET, slotCount);
        m.putInt(SLOT_SHIFT_OFFSET, slotShift);
        m.setLongRelease(MAX_ITEMS_OFFSET, maxItems);
        m.setLongRelease(CREATOR_PID_OFFSET, PID);
        WaitSet.initialize(b, NOT_EMPTY_OFFSET);
        WaitSet.initialize(b, NOT_FULL_OFFSET);
        WaitSet.initialize(b, ALL_DONE_OFFSET);
        for (int i = 0; i < slotCount; i++) {
            m.setLongRelease(SEQ_OFFSET + 8 * i, (long) i);
        }
        m.putInt(MAGIC_OFFSET, MAGIC);
        VarHandle.fullFence();
        return new MappedRing(path, m);
    }

    /** Maps an existing ring file, created by another JVM or this one. */
    public static MappedRing open(Path path) {
        return open(path, MappedAccess.UNSAFE);
    }

    /** {@link #open(Path)} through the Unsafe or the VarHandle implementation of {@link MappedAccess}; for tests. */
    static MappedRing open(Path path, boolean unsafe) {
        MappedByteBuffer b;
        long size;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            size = ch.size();
            b = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (NoSuchFileException e) {
            throw new ClosedException("the queue file " + path + " no longer exists: its creator closed it"
                    + " or exited before this process attached");
        } catch (IOException e) {
            throw new MultiprocessingException("cannot map the queue file " + path + ": " + e, e);
        }
        b.order(ByteOrder.nativeOrder());
        checkHeader(b, size, path);
        return new MappedRing(path, unsafe ? MappedAccess.unsafe(b) : MappedAccess.varHandles(b));
    }

    public Path path() {
        return path;
    }

    /** The largest record kept in the ring; larger ones are spilled to a file of their own. */
    public int inlineMax() {
        return inlineMax;
    }

    /** Items the ring may hold before {@code offer} waits; 0 when only the ring's size bounds it. */
    public long maxItems() {
        return maxItems;
    }

    /** Items put and not yet taken (puts in progress included); Python's {@code qsize()}. */
    public long count() {
        long takes = mem.getLongVolatile(TAKES_OFFSET);
        return Math.max(0, mem.getLongVolatile(PUTS_OFFSET) - takes);
    }

    /** Whether no record is published or being written right now. */
    public boolean isEmpty() {
        return mem.getLongVolatile(HEAD_OFFSET) == mem.getLongVolatile(TAIL_OFFSET);
    }

    // ------------------------------------------------------------------------------------------ put side

    /**
     * Puts one record. Blocks while the queue holds {@code maxItems} items or the ring has no room,
     * at most {@code timeoutNanos} (negative: no limit, 0: do not wait).
     *
     * @param unfinished whether to count the item as an unfinished task (JoinableQueue)
     * @return false if the timeout passed first; nothing was put
     * @throws ClosedException if the queue was shut down (closed by its creator, or the creator exited)
     */
    public boolean offer(byte[] src, int off, int len, long timeoutNanos, boolean unfinished) throws InterruptedException {
        long deadline = deadline(timeoutNanos);
        checkPutOpen(false);
        if (!reserveCount(deadline)) {
            return false;
        }
        if (len > inlineMax) {
            return offerSpilled(src, off, len, deadline, unfinished);
        }
        long t = claimReserved(slotsFor(RECORD_HEADER + len), deadline);
        if (t < 0) {
            return false;
        }
        publish(t, src, off, len, KIND_INLINE, unfinished);
        return true;
    }

    /** {@link #offer} of an item too large for the ring, its count reserved: spills it, then puts the reference. */
    private boolean offerSpilled(byte[] src, int off, int len, long deadline, boolean unfinished) throws InterruptedException {
        Path spilled = null;
        boolean claimed = false;
        try {
            spilled = spill(src, off, len);
            byte[] body = spillReference(len, spilled);
            long t = claim(slotsFor(RECORD_HEADER + body.length), deadline);
            if (t < 0) {
                return false; // the finally below gives back the count and the spill file
            }
            claimed = true; // from here the record owns the count and the spill file
            publish(t, body, 0, body.length, KIND_SPILLED, unfinished);
            return true;
        } finally {
            if (!claimed) {
                unreserveCount();
                RuntimeDir.deleteQuietly(spilled);
            }
        }
    }

    /** {@link #claim}, giving the reserved count back if it times out or throws. */
    private long claimReserved(int k, long deadline) throws InterruptedException {
        boolean claimed = false;
        try {
            long t = claim(k, deadline);
            claimed = t >= 0;
            return t;
        } finally {
            if (!claimed) {
                unreserveCount();
            }
        }
    }

    /** Writes the record at claimed position {@code t}, publishes it and wakes consumers. */
    private void publish(long t, byte[] body, int off, int len, int kind, boolean unfinished) {
        if (unfinished) {
            mem.getAndAddLong(UNFINISHED_OFFSET, 1L);
        }
        try {
            writeRecord(t, body, off, len, kind);
        } finally {
            // published even if the copy failed half-way, so consumers never wait on this claim
            mem.setLongRelease(seqIndex(t), t + 1);
        }
        notEmpty.signalAll();
    }

    private boolean reserveCount(long deadline) throws InterruptedException {
        if (maxItems == 0) {
            mem.getAndAddLong(PUTS_OFFSET, 1L);
            return true;
        }
        while (true) {
            long p = mem.getLongVolatile(PUTS_OFFSET);
            if (p - mem.getLongVolatile(TAKES_OFFSET) < maxItems) {
                if (mem.compareAndSetLong(PUTS_OFFSET, p, p + 1)) {
                    return true;
                }
                continue;
            }
            int r = await(notFull, () -> count() < maxItems || putClosedFlag(), deadline);
            if (r < 0) {
                return false;
            }
            checkPutOpen(r > 0);
        }
    }

    private void unreserveCount() {
        mem.getAndAddLong(PUTS_OFFSET, -1L);
        notFull.signalAll();
    }

    /** Claims k consecutive free positions; returns the first, or -1 if the deadline passed. */
    private long claim(int k, long deadline) throws InterruptedException {
        long t = tryClaim(k);
        return t >= 0 ? t : claimWaiting(k, deadline);
    }

    /** One attempt of {@link #claim} without waiting: the first position, or -1 if full or another producer won. */
    private long tryClaim(int k) {
        long t = mem.getLongVolatile(TAIL_OFFSET);
        for (int j = 0; j < k; j++) {
            if (mem.getLongAcquire(seqIndex(t + j)) != t + j) {
                return -1;
            }
        }
        return claimAt(t, k) ? t : -1;
    }

    /**
     * Records this participant's intent to claim {@code [t, t + k)} (so recovery can skip it if this JVM
     * dies) and claims it; false, intent withdrawn, if another producer moved the tail first.
     */
    private boolean claimAt(long t, int k) {
        int me = participant();
        mem.setLongOpaque(me + P_PUT_FROM, t);
        mem.setLongOpaque(me + P_PUT_TO, t + k);
        if (mem.compareAndSetLong(TAIL_OFFSET, t, t + k)) { // releases the intent with the claim
            return true;
        }
        mem.setLongOpaque(me + P_PUT_TO, -1L);
        return false;
    }

    private long claimWaiting(int k, long deadline) throws InterruptedException {
        while (true) {
            long t = mem.getLongVolatile(TAIL_OFFSET);
            int j = 0;
            long s = 0;
            for (; j < k; j++) {
                s = mem.getLongAcquire(seqIndex(t + j));
                if (s != t + j) {
                    break;
                }
            }
            if (j == k) {
                if (claimAt(t, k)) {
                    return t;
                }
                continue;
            }
            long p = t + j;
            if (s - p > 0) {
                continue; // another producer claimed past our stale tail
            }
            // position p still holds a record of the previous lap: the ring is full
            int r = await(notFull, () -> mem.getLongAcquire(seqIndex(p)) - p >= 0
                    || mem.getLongVolatile(TAIL_OFFSET) != t || putClosedFlag(), deadline);
            if (r < 0) {
                return -1;
            }
            checkPutOpen(r > 0);
            if (r > 0) {
                recoverDeadTake(p - slotCount);
            }
        }
    }

    private void writeRecord(long t, byte[] body, int off, int len, int kind) {
        int at = dataIndex(t);
        mem.putInt(at, len);
        mem.putInt(at + 4, kind);
        int rel = (int) ((t & mask) << slotShift) + RECORD_HEADER;
        int first = Math.min(len, dataBytes - rel);
        mem.copyIn(dataOffset + rel, body, off, first);
        if (first < len) {
            mem.copyIn(dataOffset, body, off + first, len - first);
        }
    }

    private Path spill(byte[] src, int off, int len) {
        long n = mem.getAndAddLong(SPILL_SEQUENCE_OFFSET, 1L);
        Path f = path.resolveSibling(path.getFileName() + "." + n + ".spill");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(src, off, len);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            RuntimeDir.deleteQuietly(f);
            throw new MultiprocessingException("cannot write an item of " + len + " bytes to its spill file " + f + ": " + e
                    + MappedFiles.spaceHint(e), e);
        }
        return f;
    }

    private static byte[] spillReference(int len, Path file) {
        byte[] name = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + name.length).putLong(len).put(name).array();
    }

    // ------------------------------------------------------------------------------------------ take side

    /**
     * Takes one record, waiting at most {@code timeoutNanos} (negative: no limit, 0: do not wait).
     *
     * @return the record's bytes (valid until this thread's next poll), or null if the timeout passed first
     * @throws ClosedException if the ring is empty and was shut down (closed by its creator, or the creator
     *     exited)
     */
    public Received poll(long timeoutNanos) throws InterruptedException {
        long deadline = deadline(timeoutNanos);
        while (true) {
            long h = mem.getLongVolatile(HEAD_OFFSET);
            long d = mem.getLongAcquire(seqIndex(h)) - (h + 1);
            if (d == 0) {
                Received r = tryTake(h);
                if (r != null) {
                    return r;
                }
            } else if (d < 0 && !awaitPublished(h, deadline)) {
                return null;
            }
            // d > 0: stale head; or another consumer took h first: look again
        }
    }

    /** Claims and copies out the record published at {@code h}; null if another consumer moved the head first. */
    private Received tryTake(long h) {
        int at = dataIndex(h);
        int len = mem.getInt(at);
        int kind = mem.getInt(at + 4);
        if (len < 0 || len > dataBytes - RECORD_HEADER) {
            VarHandle.acquireFence(); // the length was read before the head and sequence below
            if (mem.getLongVolatile(HEAD_OFFSET) == h && mem.getLongAcquire(seqIndex(h)) == h + 1) {
                // still published at the head, so not a record being overwritten: the file is corrupt
                throw new MultiprocessingException("queue file " + path + " is corrupt: its next record says it"
                        + " holds " + len + " bytes, and the ring has room for " + (dataBytes - RECORD_HEADER)
                        + "; it cannot be read past (was the file written by something else?)");
            }
            return null; // read a record being overwritten: head moved on meanwhile
        }
        int k = slotsFor(RECORD_HEADER + len);
        int me = participant();
        mem.setLongOpaque(me + P_TAKE_FROM, h);
        mem.setLongOpaque(me + P_TAKE_TO, h + k);
        if (mem.compareAndSetLong(HEAD_OFFSET, h, h + k)) {
            return consume(h, k, len, kind);
        }
        mem.setLongOpaque(me + P_TAKE_TO, -1L);
        return null;
    }

    /**
     * Waits until position {@code h} may hold a record (or the head moved); false if the deadline passed.
     *
     * @throws ClosedException if the ring is empty and was shut down
     */
    private boolean awaitPublished(long h, long deadline) throws InterruptedException {
        checkTakeOpen(false, h);
        int r = await(notEmpty, () -> {
            long hh = mem.getLongVolatile(HEAD_OFFSET);
            return hh != h || mem.getLongAcquire(seqIndex(hh)) == hh + 1 || takeClosedFlag();
        }, deadline);
        if (r < 0) {
            return false;
        }
        if (r > 0) {
            checkTakeOpen(true, h);
            while (skipDeadPut()) {
                // a dead producer's claims are skipped one after another without waiting
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ recovery

    /** The calling thread's {@link Local}. */
    private Local local() {
        Local l = last;
        if (l == null || l.owner != Thread.currentThread()) {
            l = locals.get();
            last = l;
        }
        return l;
    }

    /** This thread's participant line, taken on first use. */
    private int participant() {
        Local l = local();
        int p = l.participant;
        if (p < 0) {
            p = takeParticipant();
            l.participant = p;
        }
        return p;
    }

    private int takeParticipant() {
        synchronized (participantThreads) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < PARTICIPANTS; i++) {
                    int at = RingLayout.participant(i);
                    long pid = mem.getLongVolatile(at + P_PID);
                    boolean free = pid == 0
                            || pass == 1 && pid == PID && endedThread(participantThreads.get(i))
                            || pass == 1 && pid != PID && !alive(pid);
                    if (free && mem.compareAndSetLong(at + P_PID, pid, PID)) {
                        mem.setLongOpaque(at + P_PUT_TO, -1L);
                        mem.setLongOpaque(at + P_TAKE_TO, -1L);
                        participantThreads.put(i, new WeakReference<>(Thread.currentThread()));
                        return at;
                    }
                }
            }
        }
        throw new MultiprocessingException("more than " + PARTICIPANTS + " live threads use " + path.getFileName()
                + " at once; share fewer queues between thread pools");
    }

    private static boolean endedThread(WeakReference<Thread> ref) {
        Thread t = ref == null ? null : ref.get();
        return t == null || !t.isAlive();
    }

    /**
     * Skips what a producer that died between claiming and publishing left at the head, if no live thread
     * claims it. Returns whether it skipped something.
     */
    private boolean skipDeadPut() {
        long h = mem.getLongVolatile(HEAD_OFFSET);
        if (mem.getLongAcquire(seqIndex(h)) != h || mem.getLongVolatile(TAIL_OFFSET) - h <= 0) {
            return false; // published, or nothing claimed
        }
        long deadTo = -1;
        for (int i = 0; i < PARTICIPANTS; i++) {
            int at = RingLayout.participant(i);
            long pid = mem.getLongVolatile(at + P_PID);
            long from = mem.getLongOpaque(at + P_PUT_FROM);
            long to = mem.getLongOpaque(at + P_PUT_TO);
            if (pid == 0 || from > h || h >= to) {
                continue;
            }
            if (pid == PID || alive(pid)) {
                return false; // its producer is alive and will publish
            }
            if (from == h) {
                // two dead intents for h (one of them a lost CAS) that disagree: fall back to one slot
                deadTo = deadTo == -1 || deadTo == to ? to : -2;
            }
        }
        // Nobody alive claims position h: its producer died mid-put. Take the dead claim as a consumer
        // would (its whole range if we know it, else one slot) and release it unread.
        long tail = mem.getLongVolatile(TAIL_OFFSET);
        long to = deadTo > h && deadTo - tail <= 0 ? deadTo : h + 1;
        int me = participant();
        mem.setLongOpaque(me + P_TAKE_FROM, h);
        mem.setLongOpaque(me + P_TAKE_TO, to);
        if (!mem.compareAndSetLong(HEAD_OFFSET, h, to)) {
            mem.setLongOpaque(me + P_TAKE_TO, -1L);
            return true; // someone else moved the head: look again
        }
        for (long q = to - 1; q >= h; q--) {
            mem.setLongRelease(seqIndex(q), q + slotCount);
        }
        if (deadTo > h) {
            mem.getAndAddLong(TAKES_OFFSET, 1L); // the dead put had counted its item
        }
        notFull.signalAll();
        return true;
    }

    /**
     * Releases position {@code q} (and the rest of its record) if a consumer claimed it and died before
     * releasing it, so producers can use the slots again. The item it was copying is lost.
     */
    private void recoverDeadTake(long q) {
        if (mem.getLongVolatile(HEAD_OFFSET) - q <= 0) {
            return; // not claimed by a consumer: the ring is simply full
        }
        long deadFrom = -1;
        long deadTo = -1;
        for (int i = 0; i < PARTICIPANTS; i++) {
            int at = RingLayout.participant(i);
            long pid = mem.getLongVolatile(at + P_PID);
            long from = mem.getLongOpaque(at + P_TAKE_FROM);
            long to = mem.getLongOpaque(at + P_TAKE_TO);
            if (pid == 0 || from > q || q >= to) {
                continue;
            }
            if (pid == PID || alive(pid)) {
                return; // a live consumer is still copying it out
            }
            deadFrom = from;
            deadTo = to;
        }
        long from = deadFrom >= 0 ? deadFrom : q;
        long to = deadTo > q ? deadTo : q + 1;
        long head = mem.getLongVolatile(HEAD_OFFSET);
        boolean counted = false;
        for (long x = from; x < to && x - head < 0; x++) {
            long s = mem.getLongAcquire(seqIndex(x));
            if (s - (x + slotCount) < 0 && !liveTakeCovers(x)
                    && mem.compareAndSetLong(seqIndex(x), s, x + slotCount) && x == deadFrom) {
                counted = true;
            }
        }
        if (counted) {
            mem.getAndAddLong(TAKES_OFFSET, 1L); // the dead take had not counted its item yet
        }
        notFull.signalAll();
    }

    private boolean liveTakeCovers(long x) {
        for (int i = 0; i < PARTICIPANTS; i++) {
            int at = RingLayout.participant(i);
            long pid = mem.getLongVolatile(at + P_PID);
            if (pid != 0 && mem.getLongOpaque(at + P_TAKE_FROM) <= x && x < mem.getLongOpaque(at + P_TAKE_TO)
                    && (pid == PID || alive(pid))) {
                return true;
            }
        }
        return false;
    }

    private Received consume(long h, int k, int len, int kind) {
        Local l = local();
        Received out = l.received;
        if (out == null) {
            out = RECEIVED.get();
            l.received = out;
        }
        byte[] dst = out.buffer(len);
        int rel = (int) ((h & mask) << slotShift) + RECORD_HEADER;
        int first = Math.min(len, dataBytes - rel);
        mem.copyOut(dataOffset + rel, dst, 0, first);
        if (first < len) {
            mem.copyOut(dataOffset, dst, first, len - first);
        }
        for (int j = k - 1; j >= 0; j--) {
            mem.setLongRelease(seqIndex(h + j), h + j + slotCount);
        }
        mem.getAndAddLong(TAKES_OFFSET, 1L);
        notFull.signalAll();
        if (kind == KIND_SPILLED) {
            readSpilled(out, dst, len);
        } else {
            out.length = len;
        }
        return out;
    }

    private void readSpilled(Received out, byte[] ref, int refLen) {
        String name = refLen > 8 ? new String(ref, 8, refLen - 8, StandardCharsets.UTF_8) : "";
        long size = refLen >= 8 ? ByteBuffer.wrap(ref, 0, 8).getLong() : -1;
        if (!isSpillName(name) || size < 0 || size > MAX_SPILLED_BYTES) {
            throw new MultiprocessingException("queue file " + path + " is corrupt: a record refers to a spilled"
                    + " item '" + name + "' of " + size + " bytes, which is not a spill file of this queue or not a"
                    + " possible size; that item is lost (was the file written by something else?)");
        }
        Path f = path.resolveSibling(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            if (ch.size() != size) {
                throw new MultiprocessingException("spill file " + f + " holds " + ch.size() + " bytes, its record"
                        + " says " + size + "; that item is lost");
            }
            byte[] dst = out.buffer((int) size);
            ByteBuffer b = ByteBuffer.wrap(dst, 0, (int) size);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new MultiprocessingException("spill file " + f + " ends after " + b.position()
                            + " of its " + size + " bytes");
                }
            }
        } catch (IOException e) {
            throw new MultiprocessingException("cannot read the spilled item " + f + " of " + size + " bytes: " + e, e);
        } finally {
            RuntimeDir.deleteQuietly(f);
        }
        out.length = (int) size;
    }

    /** Whether {@code name} is one that {@link #spill} gives: this ring's file name, a number, ".spill". */
    private boolean isSpillName(String name) {
        String prefix = path.getFileName() + ".";
        if (!name.startsWith(prefix) || !name.endsWith(".spill")) {
            return false;
        }
        int end = name.length() - ".spill".length();
        if (end <= prefix.length()) {
            return false;
        }
        for (int i = prefix.length(); i < end; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ joinable

    /** Marks one unfinished task done. @throws IllegalStateException if none is unfinished */
    public void taskDone() {
        while (true) {
            long u = mem.getLongVolatile(UNFINISHED_OFFSET);
            if (u <= 0) {
                throw new IllegalStateException("taskDone() called more times than items were put: unfinished tasks = " + u);
            }
            if (mem.compareAndSetLong(UNFINISHED_OFFSET, u, u - 1)) {
                if (u == 1) {
                    allDone.signalAll();
                }
                return;
            }
        }
    }

    /** Items put and not yet marked done. */
    public long unfinished() {
        return mem.getLongVolatile(UNFINISHED_OFFSET);
    }

    /** Waits until every item put was marked done; false if the timeout (negative: none) passed first. */
    public boolean awaitAllDone(long timeoutNanos) throws InterruptedException {
        long deadline = deadline(timeoutNanos);
        while (true) {
            if (unfinished() == 0) {
                return true;
            }
            int r = await(allDone, () -> unfinished() == 0, deadline);
            if (r < 0) {
                return unfinished() == 0;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ ends

    /** Shuts the queue for every process (puts fail, takes drain then fail) and wakes all waiters. */
    public void shutdown() {
        mem.compareAndSetLong(SHUTDOWN_BY_OFFSET, 0L, PID);
        wakeAll();
    }

    /** Removes the ring file and any spilled item still waiting; JVMs that mapped it keep their mapping. */
    public void unlink() {
        RuntimeDir.deleteQuietly(path);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(path.getParent(), path.getFileName() + ".*.spill")) {
            for (Path p : s) {
                RuntimeDir.deleteQuietly(p);
            }
        } catch (IOException ignored) {
            // the directory itself is gone: nothing left to remove
        }
    }

    private void wakeAll() {
        notEmpty.signalAll();
        notFull.signalAll();
        allDone.signalAll();
    }

    private boolean putClosedFlag() {
        return mem.getLongVolatile(SHUTDOWN_BY_OFFSET) != 0;
    }

    private boolean takeClosedFlag() {
        return mem.getLongVolatile(SHUTDOWN_BY_OFFSET) != 0;
    }

    /** Throws if the queue was shut down; with {@code slow}, also looks whether its creator died. */
    private void checkPutOpen(boolean slow) {
        if (slow) {
            markCreatorDead();
        }
        long by = mem.getLongVolatile(SHUTDOWN_BY_OFFSET);
        if (by != 0) {
            throw new ClosedException("cannot put: the queue was closed by its creator (pid " + by + ")");
        }
    }

    /**
     * Throws if the ring is empty at {@code h} and was shut down. The flag is read first and emptiness
     * after it: the creator's last put happens-before its close, so an empty ring seen after the flag is
     * empty for good.
     */
    private void checkTakeOpen(boolean slow, long h) {
        if (slow) {
            markCreatorDead();
        }
        if (!takeClosedFlag() || mem.getLongVolatile(TAIL_OFFSET) != h) {
            return;
        }
        long by = mem.getLongVolatile(SHUTDOWN_BY_OFFSET);
        throw new ClosedException("the queue is empty and was closed by its creator (pid " + by + ")");
    }

    private void markCreatorDead() {
        long creator = mem.getLongAcquire(CREATOR_PID_OFFSET);
        if (creator != PID && !alive(creator)) {
            shutdown(creator);
        }
    }

    private void shutdown(long by) {
        mem.compareAndSetLong(SHUTDOWN_BY_OFFSET, 0L, by);
        wakeAll();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static long deadline(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long d = now + timeoutNanos;
        return d - now < 0 ? Long.MAX_VALUE : d; // overflow: no limit
    }

    /**
     * Waits one slice on {@code w}. Returns 0 if the condition became true, 1 if the slice passed (the
     * caller should check whether the other side died), -1 if the deadline passed.
     *
     * <p>Before {@link WaitSet#await} (which spins 5 µs, then sleeps until signalled), the thread spins up
     * to {@link #SPIN_NANOS} while spinning has been paying off: a reply or the next item usually comes
     * within tens of microseconds, and catching it here saves a sleep and a doorbell on both sides. When
     * the other side is slower (or the machine busy, where a spinner takes the CPU the other side needs),
     * the waits it would have caught stop coming and the spin is skipped, re-tried now and then.
     */
    private int await(WaitSet w, BooleanSupplier condition, long deadline) throws InterruptedException {
        long slice = LIVENESS_SLICE_NANOS;
        long now = System.nanoTime();
        if (deadline != Long.MAX_VALUE) {
            long left = deadline - now;
            if (left <= 0) {
                return condition.getAsBoolean() ? 0 : -1;
            }
            slice = Math.min(slice, left);
        }
        int credit = spinCredit;
        if (credit > 0 || (++spinProbe & 63) == 0) {
            long spinEnd = now + Math.min(SPIN_NANOS, slice);
            while (System.nanoTime() - spinEnd < 0) {
                if (condition.getAsBoolean()) {
                    spinCredit = Math.min(credit + 1, MAX_SPIN_CREDIT);
                    return 0;
                }
                Thread.onSpinWait();
            }
            spinCredit = Math.max(credit - 2, 0);
        }
        boolean met = w.await(condition, slice - (System.nanoTime() - now));
        return met ? 0 : 1;
    }

    private int slotsFor(int bytes) {
        return (bytes + (1 << slotShift) - 1) >>> slotShift;
    }

    private int seqIndex(long position) {
        return SEQ_OFFSET + ((int) (position & mask) << 3);
    }

    /** Where the record at {@code position} starts in the file (package-private for the corruption tests). */
    int dataIndex(long position) {
        return dataOffset + ((int) (position & mask) << slotShift);
    }

    /** One thread's state for one ring; only that thread reads or writes the mutable fields. */
    private static final class Local {
        final Thread owner = Thread.currentThread();
        /** Offset of its participant line, or -1 before its first put or take. */
        int participant = -1;
        /** Its {@link #RECEIVED}, once it took. */
        Received received;
    }

    /** The bytes of one received record, in a buffer the receiving thread reuses. */
    public static final class Received {
        private byte[] kept = new byte[4096];
        private byte[] current = kept;
        /** Valid bytes in {@link #array()}, from index 0. */
        public int length;

        byte[] buffer(int size) {
            if (size <= kept.length) {
                current = kept;
            } else {
                current = new byte[size];
                if (size <= KEEP_BUFFER) {
                    kept = current;
                }
            }
            return current;
        }

        /** The array holding the record (index 0 to {@link #length}); do not keep it. */
        public byte[] array() {
            return current;
        }
    }
}
