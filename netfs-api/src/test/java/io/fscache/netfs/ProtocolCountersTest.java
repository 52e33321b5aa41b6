package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolCountersTest {

    @Test
    void aSessionsCountsReachItsFilesystemsSum() {
        ProtocolCounters filesystem = new ProtocolCounters();
        ProtocolCounters one = new ProtocolCounters(filesystem);
        ProtocolCounters two = new ProtocolCounters(filesystem);
        one.sent("Tread");
        two.sent("Tread");
        two.sent("Twalk");
        one.read(100);
        two.written(7);
        two.answered();
        one.failed();
        one.reconnected();

        assertEquals(new ProtocolStats(Map.of("Tread", 1L), 100, 0, 1, 1, 1, 1), one.snapshot());
        ProtocolStats sum = filesystem.snapshot();
        assertEquals(new ProtocolStats(Map.of("Tread", 2L, "Twalk", 1L), 100, 7, 2, 3, 1, 1), sum);
        assertEquals(3, sum.totalRpcs());
        assertEquals(0, sum.rpcs("Tclunk"));
        assertEquals("Tread=2, Twalk=1", sum.rpcsText());
    }
}
