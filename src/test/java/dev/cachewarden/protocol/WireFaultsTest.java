package dev.cachewarden.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WireFaultsTest {
    /** The wire catalogue is generated from botocore; a fault must land on its own entry, not a neighbour's. */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyFaultTravelsAsTheWireCodeOfTheSameName(Fault fault) {
        assertThat(WireFaults.code(fault)).isEqualTo(ErrorCode.valueOf(fault.name()));
    }

    @Test
    void theRulesMessageTravelsUnchangedWithItsCodeStatusAndSide() {
        AwsException wire = WireFaults.toWire(new ElastiCacheFault(Fault.USER_GROUP_NOT_FOUND, "User group g1 not found."));
        assertThat(wire.getMessage()).isEqualTo("User group g1 not found.");
        assertThat(wire.code().code()).isEqualTo("UserGroupNotFound");
        assertThat(wire.code().httpStatus()).isEqualTo(404);
        assertThat(wire.code().type()).isEqualTo("Sender");

        ErrorCode group = WireFaults.code(Fault.REPLICATION_GROUP_NOT_FOUND);
        assertThat(group.code()).isEqualTo("ReplicationGroupNotFoundFault");
        assertThat(group.httpStatus()).isEqualTo(404);
        assertThat(WireFaults.code(Fault.INVALID_PARAMETER_VALUE).httpStatus()).isEqualTo(400);
    }
}
