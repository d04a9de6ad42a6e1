package dev.cachewarden;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The layers the README describes, checked on every build: protocol (the AWS Query wire) over
 * domain, service (the rules) over store and domain, engine (the nodes) beside service, engine.cluster
 * (Redis Cluster's commands) under engine and reached only through its ClusterEngine interface, api
 * translating between wire and service, engine.node (the node processes) under engine and knowing
 * only the domain, and server alone wiring them together; no package cycle
 * anywhere. Main code only: tests may reach across layers to set up what they check.
 */
@AnalyzeClasses(packages = "dev.cachewarden", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String JETTY = "org.eclipse.jetty..";
    private static final String[] XML = {"javax.xml..", "org.w3c..", "org.xml.."};
    private static final String HTTP = "java.net.http..";

    @ArchTest
    static final ArchRule protocolKnowsNoRulesOrStorage = noClasses().that().resideInAPackage("..cachewarden.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("..cachewarden.service..", "..cachewarden.store..",
                    "..cachewarden.engine..", "..cachewarden.api..", "..cachewarden.auth..", "..cachewarden.server..")
            .because("the wire format must not know what the rules are or where they are kept");

    @ArchTest
    static final ArchRule protocolSeesOnlyTheFaultCatalogueOfTheDomain = noClasses()
            .that().resideInAPackage("..cachewarden.protocol..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.protocol", "dev.cachewarden.domain.fault"))
            .because("protocol maps a fault to its wire form and knows nothing else of the rules");

    @ArchTest
    static final ArchRule serviceKnowsNoWire = noClasses().that().resideInAPackage("..cachewarden.service..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(XML, JETTY, HTTP,
                    "..cachewarden.protocol..", "..cachewarden.api..", "..cachewarden.server..",
                    "..cachewarden.engine..", "..cachewarden.auth.."))
            .because("the rules say what ElastiCache decides, not how it is carried");

    @ArchTest
    static final ArchRule engineKnowsNoWire = noClasses().that().resideInAPackage("..cachewarden.engine..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(XML, JETTY,
                    "..cachewarden.protocol..", "..cachewarden.api..", "..cachewarden.server.."))
            .because("the engine makes the stored state real on nodes, whatever API asked for it");

    @ArchTest
    static final ArchRule domainDoesNoIo = noClasses().that().resideInAPackage("..cachewarden.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..",
                    "java.net..", "java.sql..", "javax.sql..")
            .because("domain values are pure: reading and writing belong to store, engine and server");

    @ArchTest
    static final ArchRule domainKnowsNoOtherLayer = noClasses().that().resideInAPackage("..cachewarden.domain..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.domain"))
            .because("every layer may use the domain, so the domain uses none");

    @ArchTest
    static final ArchRule storeKnowsNoRulesOrWire = noClasses().that().resideInAPackage("..cachewarden.store..")
            .should().dependOnClassesThat().resideInAnyPackage("..cachewarden.service..", "..cachewarden.api..",
                    "..cachewarden.protocol..", "..cachewarden.server..", "..cachewarden.engine..",
                    "..cachewarden.auth..", JETTY)
            .because("storage keeps what the rules decided; it does not decide");

    @ArchTest
    static final ArchRule apiKnowsNoStorageOrNodes = noClasses().that().resideInAPackage("..cachewarden.api..")
            .should().dependOnClassesThat().resideInAnyPackage("..cachewarden.store..", "..cachewarden.engine..",
                    "..cachewarden.server..", JETTY)
            .because("an action reads the request, asks the service and writes the answer");

    @ArchTest
    static final ArchRule frontKnowsNoQueryWire = noClasses().that().resideInAPackage("..cachewarden.front..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(XML, JETTY,
                    "..cachewarden.api..", "..cachewarden.server.."))
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cachewarden.protocol.XmlWriter")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cachewarden.protocol.QueryResponses")
            .allowEmptyShould(true)
            .because("the RESP front answers on cache connections, not with AWS Query XML");

    @ArchTest
    static final ArchRule frontRelayKnowsNoStorageOrRules = noClasses().that().resideInAPackage("dev.cachewarden.front")
            .should().dependOnClassesThat().resideInAnyPackage("..cachewarden.store..", "..cachewarden.service..",
                    "..cachewarden.auth..", "..cachewarden.engine..", "..cachewarden.protocol..")
            .because("the relay moves RESP bytes; who may connect is its authenticator's business (front.iam)");

    @ArchTest
    static final ArchRule secretsStandAlone = noClasses().that().resideInAPackage("..cachewarden.secrets..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.secrets"))
            .because("every layer that keeps a secret file uses it, so it may use none of them");

    @ArchTest
    static final ArchRule metricsStandAlone = noClasses().that().resideInAPackage("..cachewarden.metrics..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.metrics"))
            .because("engine, front and server report to it, so it may use none of them");

    @ArchTest
    static final ArchRule faultsStandAlone = noClasses().that().resideInAPackage("..cachewarden.faults..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.faults"))
            .because("the engine consults it and the server sets it; it knows neither");

    @ArchTest
    static final ArchRule eventsAreValues = noClasses().that().resideInAPackage("..cachewarden.events..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.events"))
            .because("an event is a value the store keeps and the rules write; it knows neither");

    @ArchTest
    static final ArchRule onlyServerWires = noClasses()
            .that().resideOutsideOfPackages("..cachewarden.server..", "..cachewarden.junit..")
            .should().dependOnClassesThat().resideInAPackage("..cachewarden.server..")
            .because("server alone puts the parts together (and the JUnit extension starts a server)");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.cachewarden.(**)").should().beFreeOfCycles()
            .because("a package leans on another one way only: engine.cluster on engine, never engine on it");

    @ArchTest
    static final ArchRule clusterIsReachedThroughTheEngineInterface = noClasses()
            .that().resideOutsideOfPackages("dev.cachewarden.engine.cluster..", "..cachewarden.server..")
            .should().dependOnClassesThat().resideInAPackage("dev.cachewarden.engine.cluster..")
            .because("the engine asks for cluster-mode work through its own ClusterEngine; server builds the "
                    + "implementation (RedisCluster) and hands it in");

    @ArchTest
    static final ArchRule clusterUsesTheEngineTheStoreAndTheDomainOnly = noClasses()
            .that().resideInAPackage("dev.cachewarden.engine.cluster..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.engine", "dev.cachewarden.domain",
                    "dev.cachewarden.store", "dev.cachewarden.events")
                    .and(DescribedPredicate.describe("not SlotRanges",
                            c -> !c.getName().equals("dev.cachewarden.service.cache.SlotRanges"))))
            .because("Redis Cluster's commands run on the engine's nodes and connections and record roles in the "
                    + "store; the front, the rules and the wire are the engine's and the service's business");

    @ArchTest
    static final ArchRule usersAndGroupsKnowNoCaches = noClasses().that().resideInAPackage("dev.cachewarden.service")
            .should().dependOnClassesThat().resideInAnyPackage("dev.cachewarden.service.cache..",
                    "dev.cachewarden.service.settings..")
            .because("the rules of users and user groups stand alone; service.cache (replication groups, "
                    + "serverless caches, shards, parameter and subnet groups) builds on them");

    @ArchTest
    static final ArchRule nodeProcessesKnowOnlyTheDomain = noClasses()
            .that().resideInAPackage("dev.cachewarden.engine.node..")
            .should().dependOnClassesThat(cachewardenOutside("dev.cachewarden.engine.node", "dev.cachewarden.domain",
                    "dev.cachewarden.secrets", "dev.cachewarden.faults", "dev.cachewarden.metrics"))
            .because("engine.node runs, watches and adopts node processes on this machine; what they should hold "
                    + "(the store, ACLs, transitions) is the engine's business, which uses it");

    /** Our own classes outside the given packages (and their sub-packages). */
    private static DescribedPredicate<JavaClass> cachewardenOutside(String... packages) {
        return DescribedPredicate.describe("cachewarden classes outside " + String.join(", ", packages), c -> {
            String name = c.getPackageName();
            return (name.equals("dev.cachewarden") || name.startsWith("dev.cachewarden."))
                    && Arrays.stream(packages).noneMatch(p -> name.equals(p) || name.startsWith(p + "."));
        });
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
