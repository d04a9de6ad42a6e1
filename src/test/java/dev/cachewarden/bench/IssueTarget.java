package dev.cachewarden.bench;

/**
 * Every target in issue 13's "Targets" list, in its order: the final table prints a row for each,
 * judged, or "not measured" with the section that measures it when that section did not run.
 */
enum IssueTarget {
    CREATE_USER_VS_MOTO("CreateUser c=8 vs moto CreateUser", "≥ 40× moto req/s", "api"),
    MODIFY_USER_GROUP_VS_MOTO("ModifyUserGroup c=8 vs moto CreateUser", "≥ 40× moto req/s", "api"),
    DESCRIBE_USERS_VS_MOTO("DescribeUsers c=8 vs moto", "≥ 100× moto req/s", "api"),
    MODIFY_USER_GROUP_VS_CEILING("durable ModifyUserGroup c=64 vs ceiling", "≥ 25% of ceiling req/s", "api"),
    GENERATOR_VS_WRK("generator ceiling vs wrk (c=8)", "within 10% of wrk's req/s", "api"),
    DESCRIBE_USERS_VS_CEILING("DescribeUsers c=64 vs ceiling", "≥ 50% of ceiling req/s", "api"),
    DESCRIBE_USERS_P99("DescribeUsers c=64 p99", "< 5 ms", "api"),
    START_TO_FIRST_ANSWER("start to first signed answer", "< 0.5 s", "startup"),
    IDLE_RSS("idle resident memory", "< 128 MB", "startup"),
    PROPAGATION_1X3("propagation p99, 1 × 3 nodes", "< 20 ms", "propagation"),
    PROPAGATION_20X2("propagation p99, 20 × 2 nodes", "< 100 ms", "propagation"),
    SCALE_USERS_PAGE("DescribeUsers page p50 at 100,000 users", "≤ 1.5× a 25× smaller store", "scale"),
    SCALE_GROUPS_PAGE("DescribeUserGroups page p50 at 10,000 groups", "≤ 1.5× a 25× smaller store", "scale"),
    SCALE_RSS("resident memory at 100,000 / 10,000", "< 400 MB", "scale"),
    RECONCILE_PASS("reconcile pass over 200 nodes", "< 1 s", "reconcile"),
    RECONCILE_CPU("reconciler CPU at the default interval", "< 5% of one core", "reconcile");

    final String label;
    final String bar;
    /** The bench/run section that measures it (for --only). */
    final String section;

    IssueTarget(String label, String bar, String section) {
        this.label = label;
        this.bar = bar;
        this.section = section;
    }
}
