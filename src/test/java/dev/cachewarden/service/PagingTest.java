package dev.cachewarden.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Page sizes within each Describe action's limits, and opaque markers that name the last id. */
class PagingTest {

    @Test
    void theDefaultPageSizeWhenNoneIsAsked() {
        assertThat(Paging.maxRecords(null, Paging.RBAC)).isEqualTo(100);
        assertThat(Paging.maxRecords(null, Paging.CACHES)).isEqualTo(100);
        assertThat(Paging.maxRecords(null, Paging.SERVERLESS)).isEqualTo(50);
    }

    @Test
    void pageSizesAtTheLimitsAreAcceptedAndBeyondThemRefusedUnderTheActionsParameterName() {
        assertThat(Paging.maxRecords(1, Paging.RBAC)).isEqualTo(1);
        assertThat(Paging.maxRecords(20, Paging.CACHES)).isEqualTo(20);
        assertThat(Paging.maxRecords(100, Paging.CACHES)).isEqualTo(100);
        assertThatThrownBy(() -> Paging.maxRecords(0, Paging.RBAC))
                .hasMessage("MaxRecords must be between 1 and 100.");
        assertThatThrownBy(() -> Paging.maxRecords(19, Paging.CACHES))
                .hasMessage("MaxRecords must be between 20 and 100.");
        assertThatThrownBy(() -> Paging.maxRecords(101, Paging.CACHES))
                .hasMessage("MaxRecords must be between 20 and 100.");
        assertThatThrownBy(() -> Paging.maxRecords(101, Paging.SERVERLESS))
                .hasMessage("MaxResults must be between 1 and 100.");
    }

    @Test
    void aMarkerLeadsBackToTheIdItWasMadeFrom() {
        for (String id : new String[] {"user-1", "a", "ÜnïcødéId", "x".repeat(64), "?>>?"}) {
            String marker = Paging.markerAfter(id);
            assertThat(Paging.afterId(marker)).isEqualTo(id);
            // Opaque and safe in a query string without escaping.
            assertThat(marker).isNotEqualTo(id).matches("[A-Za-z0-9_-]+");
        }
    }

    @Test
    void noMarkerMeansTheFirstPage() {
        assertThat(Paging.afterId(null)).isNull();
        assertThat(Paging.afterId("")).isNull();
    }

    @Test
    void aMarkerNotMadeHereIsRefused() {
        assertThatThrownBy(() -> Paging.afterId("not a marker!")).hasMessage("Invalid marker: not a marker!");
        String foreign = java.util.Base64.getUrlEncoder().encodeToString("user-1".getBytes());
        assertThatThrownBy(() -> Paging.afterId(foreign)).hasMessage("Invalid marker: " + foreign);
    }
}
