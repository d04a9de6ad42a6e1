package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.CacheParameterGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheParameterGroupService;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The seven parameter group actions. Each is small (read, call, write), so they are kept together as
 * one table of name, resource and body instead of seven near-empty files.
 */
final class ParameterGroupActions {
    private ParameterGroupActions() {}

    /** One action of the table. */
    private record Action(String name, AuthorizationResource authorizationResource,
                          Function<QueryRequest, Consumer<XmlWriter>> body) implements ApiAction {
        @Override
        public Consumer<XmlWriter> execute(QueryRequest request) {
            return body.apply(request);
        }
    }

    static List<ApiAction> all(CacheParameterGroupService groups, ServiceSettings settings) {
        AuthorizationResource named = AuthorizationResource.identified("parametergroup", "CacheParameterGroupName");
        return List.of(
                // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheParameterGroup.html
                new Action("CreateCacheParameterGroup", named, request -> {
                    CacheParameterGroup g = groups.create(new CacheParameterGroupService.CreateCacheParameterGroup(
                            request.required("CacheParameterGroupName"), request.required("CacheParameterGroupFamily"),
                            request.required("Description"), RequestReaders.tags(request, "Tags")));
                    return xml -> {
                        xml.start("CacheParameterGroup");
                        ParameterGroupXml.group(xml, g, groups);
                        xml.end();
                    };
                }),
                // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeCacheParameterGroups.html
                new Action("DescribeCacheParameterGroups", named, request -> {
                    Page<CacheParameterGroup> page = groups.describe(request.string("CacheParameterGroupName"),
                            request.integer("MaxRecords").orElse(null), request.string("Marker").orElse(null));
                    return xml -> {
                        xml.element("Marker", page.marker()).start("CacheParameterGroups");
                        for (CacheParameterGroup g : page.items()) {
                            xml.start("CacheParameterGroup");
                            ParameterGroupXml.group(xml, g, groups);
                            xml.end();
                        }
                        xml.end();
                    };
                }),
                // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyCacheParameterGroup.html
                new Action("ModifyCacheParameterGroup", named, request -> {
                    String name = request.required("CacheParameterGroupName");
                    var values = ParameterGroupXml.nameValues(request);
                    if (values.isEmpty()) {
                        request.required("ParameterNameValues"); // MissingParameter, as for any required member
                    }
                    String modified = groups.modify(name, values.get());
                    return xml -> xml.element("CacheParameterGroupName", modified);
                }),
                // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ResetCacheParameterGroup.html
                new Action("ResetCacheParameterGroup", named, request -> {
                    String reset = groups.reset(request.required("CacheParameterGroupName"),
                            request.bool("ResetAllParameters").orElse(false), ParameterGroupXml.nameValues(request));
                    return xml -> xml.element("CacheParameterGroupName", reset);
                }),
                // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteCacheParameterGroup.html
                new Action("DeleteCacheParameterGroup", named, request -> {
                    groups.delete(request.required("CacheParameterGroupName"));
                    return xml -> { };
                }),
                // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeCacheParameters.html
                new Action("DescribeCacheParameters", named, request -> {
                    CacheParameterGroupService.Parameters p = groups.parameters(
                            new CacheParameterGroupService.DescribeCacheParameters(
                                    request.required("CacheParameterGroupName"), request.string("Source"),
                                    request.integer("MaxRecords").orElse(null), request.string("Marker").orElse(null)));
                    return xml -> {
                        xml.element("Marker", p.page().marker());
                        ParameterGroupXml.parameters(xml, p.page().items());
                    };
                }),
                // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeEngineDefaultParameters.html
                new Action("DescribeEngineDefaultParameters", AuthorizationResource.identified("parametergroup", ""), // names no resource: "*"
                        request -> {
                    CacheParameterGroupService.Parameters p = groups.engineDefaults(
                            request.required("CacheParameterGroupFamily"), request.integer("MaxRecords").orElse(null),
                            request.string("Marker").orElse(null));
                    return xml -> {
                        xml.start("EngineDefaults")
                                .element("CacheParameterGroupFamily", p.family())
                                .element("Marker", p.page().marker());
                        ParameterGroupXml.parameters(xml, p.page().items());
                        xml.end();
                    };
                }));
    }
}
