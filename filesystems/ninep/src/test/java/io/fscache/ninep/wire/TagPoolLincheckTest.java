package io.fscache.ninep.wire;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link TagPool} against its specification. The pool belongs to its connection's event
 * loop, so every operation here is in one non-parallel group: Lincheck runs them one at a time, as
 * the event loop does, and checks the outcomes and the reuse order.
 *
 * <p>Sequential specification ({@link Spec}): {@code take} hands out fresh tags 0 to count - 1,
 * then the oldest released tag, and fails with "all 9P tags in use" when every tag is out; a tag is
 * never out twice. {@code releaseTaken(i)} releases the i-th oldest tag out (the connection only
 * releases tags it took) and returns it, or -1 if fewer are out.
 */
@Param(name = "index", gen = IntGen.class, conf = "0:2")
public class TagPoolLincheckTest {

    private static final int TAGS = 3;

    private final TagPool pool = new TagPool(TAGS);
    private final List<Integer> out = new ArrayList<>();

    @Operation(nonParallelGroup = "eventLoop")
    public int take() {
        int tag = pool.take();
        if (out.contains(tag)) {
            throw new AssertionError("tag " + tag + " handed out twice");
        }
        out.add(tag);
        return tag;
    }

    @Operation(nonParallelGroup = "eventLoop")
    public int releaseTaken(@Param(name = "index") int index) {
        if (index >= out.size()) {
            return -1;
        }
        int tag = out.remove(index);
        pool.release(tag);
        return tag;
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(50)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(4)
                .actorsBefore(4)
                .actorsAfter(4)
                .check(getClass());
    }

    /** The sequential specification, written out plainly. */
    public static final class Spec {
        private final List<Integer> out = new ArrayList<>();
        private final ArrayDeque<Integer> free = new ArrayDeque<>();
        private int next;

        public int take() {
            int tag;
            if (next < TAGS) {
                tag = next++;
            } else if (free.isEmpty()) {
                throw new IllegalStateException("all 9P tags in use");
            } else {
                tag = free.poll();
            }
            out.add(tag);
            return tag;
        }

        public int releaseTaken(int index) {
            if (index >= out.size()) {
                return -1;
            }
            int tag = out.remove(index);
            free.add(tag);
            return tag;
        }
    }
}
