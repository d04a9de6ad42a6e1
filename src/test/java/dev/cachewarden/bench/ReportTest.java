package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The final Targets table: every issue 13 target, in the issue's order, whatever sections ran. */
class ReportTest {
    @Test
    void everyIssueTargetHasARowInOrderThenTheOtherBars() {
        Report report = new Report();
        report.check("front added p99 (SET/GET)", "< 0.5 ms", "0.3 ms", true);
        report.check(IssueTarget.PROPAGATION_1X3, "25.0 ms", false);
        report.check(IssueTarget.START_TO_FIRST_ANSWER, "400 ms", true);
        report.notMeasured(IssueTarget.GENERATOR_VS_WRK, "not run (no wrk on the PATH)");

        List<Report.Check> rows = report.allChecks();

        assertThat(rows).hasSize(IssueTarget.values().length + 1);
        assertThat(rows.subList(0, IssueTarget.values().length)).extracting(Report.Check::target)
                .containsExactlyElementsOf(Arrays.stream(IssueTarget.values()).map(t -> t.label).toList());
        assertThat(rows.get(IssueTarget.PROPAGATION_1X3.ordinal()).verdict()).isEqualTo("MISSED");
        assertThat(rows.get(IssueTarget.PROPAGATION_1X3.ordinal()).bar()).isEqualTo("< 20 ms");
        assertThat(rows.get(IssueTarget.START_TO_FIRST_ANSWER.ordinal()).verdict()).isEqualTo("met");
        assertThat(rows.get(IssueTarget.GENERATOR_VS_WRK.ordinal()).measured()).contains("no wrk");
        Report.Check reconcile = rows.get(IssueTarget.RECONCILE_PASS.ordinal());
        assertThat(reconcile.verdict()).isEqualTo("not measured");
        assertThat(reconcile.measured()).isEqualTo("(section reconcile not run)");
        assertThat(rows.get(rows.size() - 1).target()).isEqualTo("front added p99 (SET/GET)");
    }
}
