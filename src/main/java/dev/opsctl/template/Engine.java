package dev.opsctl.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.opsctl.python.Python;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The one Jinjava instance, configured like Ansible's Jinja environment; built on first use, shared by all threads. */
final class Engine {
    private final Jinjava jinjava;
    private final JinjavaConfig config;
    private final Set<String> filterNames;
    private final Set<String> testNames;

    private Engine() {
        config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withRangeLimit(Integer.MAX_VALUE) // Python's range has no cap; Jinjava's default silently stopped at 1000 items
                .withLstripBlocks(false)
                .withFailOnUnknownTokens(false) // undefined names are detected by Evaluation, see MissRecordingResolver
                .withNestedInterpretationEnabled(false)
                .withElResolver(new MissRecordingResolver())
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withEvaluateMapKeys(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        jinjava = PythonOperators.jinjava(config); // Python's *, % and ** in expressions
        Context global = jinjava.getGlobalContext();
        AnsibleFilters.all().forEach(global::registerFilter);
        AnsibleTests.all().forEach(global::registerExpTest);
        for (Filter f : List.copyOf(global.getAllFilters())) global.registerFilter(new MissScopedFilter(f));
        filterNames = global.getAllFilters().stream().map(Filter::getName).collect(Collectors.toUnmodifiableSet());
        testNames = global.getAllExpTests().stream().map(ExpTest::getName).collect(Collectors.toUnmodifiableSet());
        global.registerFunction(function(Expressions.MARK, "mark"));
        global.registerFunction(function(Expressions.GUARD, "guard", long.class, Object.class));
        global.registerFunction(function(Expressions.STRICT, "strict", long.class, Object.class));
        for (String name : List.of("lookup", "query", "q")) {
            global.registerFunction(lookupFunction(name, name.equals("lookup") ? "lookup" : "query"));
        }
    }

    private static ELFunctionDefinition function(String name, String method, Class<?>... params) {
        try {
            Method m = Evaluation.class.getMethod(method, params);
            m.setAccessible(true); // Evaluation is package-private; the EL invokes the method reflectively
            return new ELFunctionDefinition("", name, m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ELFunctionDefinition lookupFunction(String name, String method) {
        try {
            Method m = Lookups.class.getMethod(method, String.class, Object[].class);
            m.setAccessible(true); // Lookups is package-private; the EL invokes the method reflectively
            return new ELFunctionDefinition("", name, m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static Engine get() {
        return Holder.INSTANCE;
    }

    Jinjava jinjava() {
        return jinjava;
    }

    JinjavaConfig config() {
        return config;
    }

    Set<String> filterNames() {
        return filterNames;
    }

    Set<String> testNames() {
        return testNames;
    }

    /** Lazy holder: Jinjava's class loading (~0.4 s) is paid by the first template, not by every command. */
    private static final class Holder {
        static final Engine INSTANCE = new Engine();
    }

    /** A filter whose own attribute lookups (selectattr, map(attribute=), sort(attribute=)) are not template misses. */
    private record MissScopedFilter(Filter delegate) implements AdvancedFilter {
        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Evaluation e = Evaluation.current();
            if (e != null) e.enterFilter();
            try {
                return delegate.filter(var, interpreter, args, kwargs);
            } finally {
                if (e != null) e.exitFilter();
            }
        }

        @Override
        public boolean preserveSafeString() {
            return delegate.preserveSafeString();
        }
    }
}
