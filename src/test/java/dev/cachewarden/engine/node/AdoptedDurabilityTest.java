package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The adoption exchange's replies as a node sends them: read whole, and what they say of the node. */
class AdoptedDurabilityTest {
    static final String GETS_AND_SETS = "+OK\r\n*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n"
            + "*2\r\n$11\r\nappendfsync\r\n$8\r\neverysec\r\n+OK\r\n+OK\r\n";

    @Test
    void repliesAreReadWholeOrNotAtAll() {
        assertThat(NodeProbe.complete(GETS_AND_SETS, 5)).containsExactly("+OK", List.of("appendonly", "yes"),
                List.of("appendfsync", "everysec"), "+OK", "+OK");
        for (int cut = 0; cut < GETS_AND_SETS.length(); cut++) {
            assertThat(NodeProbe.complete(GETS_AND_SETS.substring(0, cut), 5)).as("first %d characters", cut).isNull();
        }
        assertThat(NodeProbe.complete("$-1\r\n-NOPERM no\r\n", 2)).containsExactly(null, "-NOPERM no");
    }

    @Test
    void aNodeOnEverysecIsChangedOneAsAskedIsKeptAndAnErrorIsARefusal() {
        List<Object> everysec = NodeProbe.complete(GETS_AND_SETS, 5).subList(1, 5);
        assertThat(AdoptedDurability.outcome(everysec, AofFsync.NO))
                .isEqualTo(new AdoptedDurability.Changed("yes", "everysec"));
        List<Object> no = List.of(List.of("appendonly", "yes"), List.of("appendfsync", "no"), "+OK", "+OK");
        assertThat(AdoptedDurability.outcome(no, AofFsync.NO)).isInstanceOf(AdoptedDurability.Kept.class);
        assertThat(AdoptedDurability.outcome(no, AofFsync.ALWAYS)).isEqualTo(new AdoptedDurability.Changed("yes", "no"));
        List<Object> aofOff = List.of(List.of("appendonly", "no"), List.of("appendfsync", "always"), "+OK", "+OK");
        assertThat(AdoptedDurability.outcome(aofOff, AofFsync.ALWAYS))
                .isEqualTo(new AdoptedDurability.Changed("no", "always"));
        List<Object> refused = List.of(List.of("appendonly", "yes"), List.of("appendfsync", "no"),
                "-ERR CONFIG SET failed", "+OK");
        assertThat(AdoptedDurability.outcome(refused, AofFsync.ALWAYS)).isInstanceOf(AdoptedDurability.Refused.class);
    }
}
