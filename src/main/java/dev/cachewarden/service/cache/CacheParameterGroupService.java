package dev.cachewarden.service.cache;

import dev.cachewarden.domain.Arn;
import dev.cachewarden.domain.CacheParameter;
import dev.cachewarden.domain.CacheParameterGroup;
import dev.cachewarden.domain.ParameterValue;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.Pages;
import dev.cachewarden.service.Paging;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.Tags;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CreateCacheParameterGroup, DescribeCacheParameterGroups, ModifyCacheParameterGroup,
 * ResetCacheParameterGroup, DeleteCacheParameterGroup, DescribeCacheParameters and
 * DescribeEngineDefaultParameters. AWS's default groups are answered from the catalogue, never stored.
 */
public final class CacheParameterGroupService {
    public record CreateCacheParameterGroup(String name, String family, String description, List<Tag> tags) {}

    /** A ParameterNameValue of a request; the value is null when the request gave none. */
    public record NameValue(String name, String value) {}

    public record DescribeCacheParameters(String name, Optional<String> source, Integer maxRecords, String marker) {}

    /** The parameters of a page and the group's family. */
    public record Parameters(String family, Page<ParameterValue> page) {}

    /** "A maximum of 20 parameters may be modified per request." (the model) */
    static final int MAX_PER_MODIFY = 20;
    /** ElastiCache's quota "Parameter groups per Region": 150. */
    static final int PARAMETER_GROUPS = 150;

    private final Store store;
    private final ServiceSettings settings;
    private final ParameterCatalogue catalogue;
    /** Told the name of a group whose values changed, so nodes using it get them (ParameterApplier). */
    private volatile java.util.function.Consumer<String> valuesChanged = name -> { };

    public CacheParameterGroupService(Store store, ServiceSettings settings, ParameterCatalogue catalogue) {
        this.store = store;
        this.settings = settings;
        this.catalogue = catalogue;
    }

    public void onValuesChanged(java.util.function.Consumer<String> listener) {
        this.valuesChanged = listener;
    }

    public ParameterCatalogue catalogue() {
        return catalogue;
    }

    public CacheParameterGroup create(CreateCacheParameterGroup request) {
        String name = ParameterGroupRules.name(request.name());
        String family = catalogue.requireFamily(request.family());
        String description = ParameterGroupRules.description(request.description());
        Tags.check(request.tags(), settings.quotas().tagsPerResource());
        CacheParameterGroup group = new CacheParameterGroup(name, family, description, false);
        return store.inTransaction(tx -> {
            if (ParameterGroupRules.defaultGroup(name).isPresent() || !tx.cacheParameterGroups().insert(group)) {
                throw new ElastiCacheFault(Fault.CACHE_PARAMETER_GROUP_ALREADY_EXISTS,
                        "Parameter group " + name + " already exists.");
            }
            if (tx.cacheParameterGroups().count() > PARAMETER_GROUPS) {
                throw new ElastiCacheFault(Fault.CACHE_PARAMETER_GROUP_QUOTA_EXCEEDED, "The request cannot be processed "
                        + "because it would exceed the allowed number of cache parameter groups (" + PARAMETER_GROUPS + ").");
            }
            tx.tags().put(arn(name), request.tags());
            return group;
        });
    }

    public String modify(String requestedName, List<NameValue> values) {
        String name = requestedName.toLowerCase(Locale.ROOT);
        if (values.isEmpty()) {
            throw ElastiCacheFault.invalidValue("The parameter ParameterNameValues must contain at least one parameter.");
        }
        if (values.size() > MAX_PER_MODIFY) {
            throw ElastiCacheFault.invalidValue("A maximum of " + MAX_PER_MODIFY
                    + " parameters may be modified per request.");
        }
        store.inTransaction(tx -> {
            CacheParameterGroup group = customGroup(tx, name, "modified");
            Map<String, String> changes = new LinkedHashMap<>();
            for (NameValue v : values) {
                CacheParameter p = modifiable(group, v.name());
                ParameterCatalogue.checkValue(p, v.value());
                changes.put(p.name(), v.value());
            }
            tx.cacheParameterGroups().putValues(name, changes);
            return null;
        });
        valuesChanged.accept(name);
        return name;
    }

    /** ResetAllParameters, or the named parameters, back to the family's defaults. */
    public String reset(String requestedName, boolean all, Optional<List<NameValue>> values) {
        String name = requestedName.toLowerCase(Locale.ROOT);
        List<NameValue> named = values.orElse(List.of());
        if (all && !named.isEmpty()) {
            throw ElastiCacheFault.invalidCombination("ResetAllParameters and ParameterNameValues cannot be used together.");
        }
        if (!all && named.isEmpty()) {
            throw ElastiCacheFault.invalidValue("Either ResetAllParameters must be true or ParameterNameValues must name "
                    + "at least one parameter.");
        }
        store.inTransaction(tx -> {
            CacheParameterGroup group = customGroup(tx, name, "reset");
            if (all) {
                tx.cacheParameterGroups().removeValues(name, null);
            } else {
                List<String> names = new ArrayList<>();
                for (NameValue v : named) {
                    names.add(modifiable(group, v.name()).name());
                }
                tx.cacheParameterGroups().removeValues(name, names);
            }
            return null;
        });
        valuesChanged.accept(name);
        return name;
    }

    public void delete(String requestedName) {
        String name = requestedName.toLowerCase(Locale.ROOT);
        store.inTransaction(tx -> {
            customGroup(tx, name, "deleted");
            if (!tx.replicationGroupCacheGroups().usingParameterGroup(name).isEmpty()) {
                throw new ElastiCacheFault(Fault.INVALID_CACHE_PARAMETER_GROUP_STATE, "One or more cache clusters are "
                        + "still members of this parameter group " + name + ", so the group cannot be deleted.");
            }
            tx.cacheParameterGroups().delete(name);
            tx.tags().removeAll(arn(name));
            return null;
        });
    }

    public Page<CacheParameterGroup> describe(Optional<String> requestedName, Integer maxRecords, String marker) {
        int max = Paging.maxRecords(maxRecords, Paging.CACHES);
        String after = Paging.afterId(marker);
        return store.readSnapshot(tx -> {
            if (requestedName.isPresent()) {
                return new Page<>(List.of(find(tx, requestedName.get().toLowerCase(Locale.ROOT))), null);
            }
            List<CacheParameterGroup> all = new ArrayList<>();
            for (CacheParameterGroup d : ParameterGroupRules.defaultGroups()) {
                if (after == null || d.name().compareTo(after) > 0) {
                    all.add(d);
                }
            }
            all.addAll(tx.cacheParameterGroups().list(after, max + 1));
            all.sort(Comparator.comparing(CacheParameterGroup::name));
            return Pages.of(all, max, CacheParameterGroup::name);
        });
    }

    public Parameters parameters(DescribeCacheParameters request) {
        int max = Paging.maxRecords(request.maxRecords(), Paging.CACHES);
        String after = Paging.afterId(request.marker());
        Optional<String> source = request.source().map(ParameterGroupRules::source);
        String name = request.name().toLowerCase(Locale.ROOT);
        return store.readSnapshot(tx -> {
            CacheParameterGroup group = find(tx, name);
            List<ParameterValue> all = values(tx, group).stream()
                    .filter(v -> source.isEmpty() || source.get().equals(v.source()))
                    .filter(v -> after == null || v.parameter().name().compareTo(after) > 0)
                    .toList();
            return new Parameters(group.family(), Pages.of(all, max, v -> v.parameter().name()));
        });
    }

    public Parameters engineDefaults(String family, Integer maxRecords, String marker) {
        int max = Paging.maxRecords(maxRecords, Paging.CACHES);
        String after = Paging.afterId(marker);
        catalogue.requireFamily(family);
        List<ParameterValue> all = catalogue.parameters(family).stream()
                .filter(p -> after == null || p.name().compareTo(after) > 0)
                .map(p -> new ParameterValue(p, p.defaultValue(), ParameterGroupRules.ENGINE_DEFAULT))
                .toList();
        return new Parameters(family, Pages.of(all, max, v -> v.parameter().name()));
    }

    /** Every parameter of a group with its value there, in name order. */
    public List<ParameterValue> values(Transaction tx, CacheParameterGroup group) {
        Map<String, String> set = group.isDefault() ? Map.of() : tx.cacheParameterGroups().values(group.name());
        List<ParameterValue> out = new ArrayList<>();
        for (CacheParameter p : catalogue.parameters(group.family())) {
            if (set.containsKey(p.name())) {
                out.add(new ParameterValue(p, set.get(p.name()), ParameterGroupRules.USER));
            } else if (p.name().equals("cluster-enabled") && group.name().endsWith(".cluster.on")) {
                out.add(new ParameterValue(p, "yes", ParameterGroupRules.SYSTEM));
            } else {
                out.add(new ParameterValue(p, p.defaultValue(), ParameterGroupRules.ENGINE_DEFAULT));
            }
        }
        return out;
    }

    /** The group named, AWS's defaults included, or CacheParameterGroupNotFound. */
    public CacheParameterGroup find(Transaction tx, String name) {
        return ParameterGroupRules.defaultGroup(name)
                .or(() -> tx.cacheParameterGroups().find(name, false))
                .orElseThrow(() -> notFound(name));
    }

    /** True when the group exists (for TagService); locks it with {@code lock}. */
    public static boolean exists(Transaction tx, String name, boolean lock) {
        return ParameterGroupRules.defaultGroup(name).isPresent() || tx.cacheParameterGroups().find(name, lock).isPresent();
    }

    private CacheParameterGroup customGroup(Transaction tx, String name, String verb) {
        if (ParameterGroupRules.defaultGroup(name).isPresent()) {
            throw new ElastiCacheFault(Fault.INVALID_CACHE_PARAMETER_GROUP_STATE,
                    "Default parameter group " + name + " cannot be " + verb + ".");
        }
        return tx.cacheParameterGroups().find(name, true).orElseThrow(() -> notFound(name));
    }

    private CacheParameter modifiable(CacheParameterGroup group, String parameterName) {
        if (parameterName == null || parameterName.isEmpty()) {
            throw ElastiCacheFault.invalidValue("The parameter ParameterName must be provided and must not be blank.");
        }
        CacheParameter p = catalogue.find(group.family(), parameterName).orElseThrow(() -> ElastiCacheFault.invalidValue(
                "Parameter " + parameterName + " does not exist in parameter group family " + group.family() + "."));
        if (!p.modifiable()) {
            throw ElastiCacheFault.invalidValue("Parameter " + p.name() + " is not modifiable.");
        }
        return p;
    }

    public String arn(String name) {
        return Arn.of(settings.region(), settings.accountId(), "parametergroup", name).toString();
    }

    public static ElastiCacheFault notFound(String name) {
        return new ElastiCacheFault(Fault.CACHE_PARAMETER_GROUP_NOT_FOUND, "CacheParameterGroup " + name + " not found.");
    }
}
