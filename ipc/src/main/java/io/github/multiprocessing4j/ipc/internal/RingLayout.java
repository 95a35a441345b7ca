package io.github.multiprocessing4j.ipc.internal;

import io.github.multiprocessing4j.MultiprocessingException;
import java.nio.ByteBuffer;

/**
 * The layout of a mapped ring file: the shared state of one queue.
 *
 * <pre>
 *  header (counters each on their own 64-byte line, so producers and consumers do not false-share)
 *   0 +--------------+--------------+
 *     | magic int32  | version int32|
 *   8 +--------------+--------------+
 *     | slotCount    | slotShift    |   slotBytes = 1 &lt;&lt; slotShift
 *  16 +--------------+--------------+
 *     | maxItems int64 (0 = only the ring bounds it)
 *  24 | creatorPid int64
 *  32 | shutdownBy int64   pid whose close() (or death, as creator) shut the queue down; 0 = open
 *  40 | (reserved, 40 bytes)
 *  80 | spillSequence int64 (names of items spilled to their own file)
 * 128 | tail int64        next position producers claim
 * 192 | head int64        next position consumers claim
 * 256 | puts int64        items put (or being put): only producers write it
 * 320 | takes int64       items taken: only consumers write it; qsize = puts - takes
 * 384 | unfinished int64  JoinableQueue: items put and not yet task_done
 * 448 | notEmpty WaitSet | notFull WaitSet | allDone WaitSet     (each on 64-byte lines)
 * PART| participant × 256, one 64-byte line each, one per thread that put or took:
 *     |   pid int64 (0 = free) | putFrom | putTo | takeFrom | takeTo  (int64 positions)
 *     |   the range a thread is claiming or has claimed and not finished, written before its CAS;
 *     |   a range that no live thread covers belongs to a thread that died, and is recovered
 *     +-----------------------------------------------------------
 * SEQ | sequence int64 × slotCount     slot p%slotCount: == p free for position p,
 *     |                                   == p+1 holds the published record starting at p
 * DATA| slotCount × slotBytes          records, wrapping at the end
 * </pre>
 *
 * A record starts at a slot and covers {@code ceil((8 + length) / slotBytes)} consecutive positions:
 *
 * <pre>
 *   0              4              8
 *   +--------------+--------------+-----------------------------+
 *   | length int32 | kind int32   | payload (length bytes)      |
 *   +--------------+--------------+-----------------------------+
 *   kind INLINE: payload = one item encoded by PlainFormat; SPILLED: payload = size int64 + spill file name (UTF-8)
 * </pre>
 *
 * Only the first slot of a record is published ({@code seq = p + 1}); the others keep {@code seq = p} until
 * the consumer releases every slot of the record with {@code seq = p + slotCount}.
 */
public final class RingLayout {
    public static final int MAGIC = 0x6d703471; // "mp4q"
    /** 3: an item, inline or spilled, is a {@link PlainFormat} encoding (a tag byte first), no longer bare Kryo bytes. */
    public static final int VERSION = 3;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int SLOT_COUNT_OFFSET = 8;
    public static final int SLOT_SHIFT_OFFSET = 12;
    public static final int MAX_ITEMS_OFFSET = 16;
    public static final int CREATOR_PID_OFFSET = 24;
    public static final int SHUTDOWN_BY_OFFSET = 32;
    public static final int SPILL_SEQUENCE_OFFSET = 80;
    public static final int TAIL_OFFSET = 128;
    public static final int HEAD_OFFSET = 192;
    public static final int PUTS_OFFSET = 256;
    public static final int TAKES_OFFSET = 320;
    public static final int UNFINISHED_OFFSET = 384;
    public static final int NOT_EMPTY_OFFSET = 448;
    public static final int NOT_FULL_OFFSET = NOT_EMPTY_OFFSET + align(WaitSet.BYTES, 64);
    public static final int ALL_DONE_OFFSET = NOT_FULL_OFFSET + align(WaitSet.BYTES, 64);
    public static final int PARTICIPANTS_OFFSET = ALL_DONE_OFFSET + align(WaitSet.BYTES, 64);
    public static final int PARTICIPANTS = 256;
    public static final int PARTICIPANT_BYTES = 64;
    public static final int P_PID = 0;
    public static final int P_PUT_FROM = 8;
    public static final int P_PUT_TO = 16;
    public static final int P_TAKE_FROM = 24;
    public static final int P_TAKE_TO = 32;
    public static final int SEQ_OFFSET = PARTICIPANTS_OFFSET + PARTICIPANTS * PARTICIPANT_BYTES;

    /** Record header: length then kind. */
    public static final int RECORD_HEADER = 8;
    public static final int KIND_INLINE = 0;
    public static final int KIND_SPILLED = 1;

    public static final int MIN_SLOT_SHIFT = 4;
    public static final int MAX_SLOT_SHIFT = 12;

    private RingLayout() {
    }

    public static int dataOffset(int slotCount) {
        return SEQ_OFFSET + align(slotCount * 8, 64);
    }

    public static long fileSize(int slotCount, int slotShift) {
        return dataOffset(slotCount) + ((long) slotCount << slotShift);
    }

    /** Checks the parameters a ring is created with. */
    public static void checkGeometry(int slotCount, int slotShift) {
        if (slotCount < 2 || Integer.bitCount(slotCount) != 1 || slotCount > 1 << 22) {
            throw new IllegalArgumentException("slotCount must be a power of two in [2, 2^22]: " + slotCount);
        }
        if (slotShift < MIN_SLOT_SHIFT || slotShift > MAX_SLOT_SHIFT) {
            throw new IllegalArgumentException("slotShift not in [" + MIN_SLOT_SHIFT + ", " + MAX_SLOT_SHIFT + "]: " + slotShift);
        }
        if (fileSize(slotCount, slotShift) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ring of " + slotCount + " slots of " + (1 << slotShift)
                    + " bytes is larger than 2 GiB");
        }
    }

    /** Checks the header of a mapped ring file against its size; names the file and the broken value. */
    public static void checkHeader(ByteBuffer b, long fileSize, Object file) {
        if (fileSize < SEQ_OFFSET) {
            throw new MultiprocessingException("not a queue file: " + file + " has " + fileSize
                    + " bytes, fewer than the header's " + SEQ_OFFSET);
        }
        int magic = b.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new MultiprocessingException("not a queue file: " + file + " starts with 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC));
        }
        int version = b.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new MultiprocessingException("queue file " + file + " has layout version " + version
                    + ", this library reads " + VERSION + " (same library version on both sides?)");
        }
        int slotCount = b.getInt(SLOT_COUNT_OFFSET);
        int slotShift = b.getInt(SLOT_SHIFT_OFFSET);
        checkGeometry(slotCount, slotShift);
        long expected = fileSize(slotCount, slotShift);
        if (fileSize != expected) {
            throw new MultiprocessingException("queue file " + file + " has " + fileSize + " bytes, its header ("
                    + slotCount + " slots of " + (1 << slotShift) + " bytes) needs " + expected);
        }
    }

    /** Offset of participant {@code i}'s line. */
    public static int participant(int i) {
        return PARTICIPANTS_OFFSET + i * PARTICIPANT_BYTES;
    }

    static int align(int n, int to) {
        return (n + to - 1) & -to;
    }
}
