package dev.opsctl.template;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import dev.opsctl.python.PyMethods;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.PropertyNotFoundException;

/** Jinjava's read-only resolver, telling the current {@link Evaluation} about each key or attribute lookup. */
final class MissRecordingResolver extends ELResolver {
    private final ELResolver delegate = JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY;

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        Object value;
        try {
            value = delegate.getValue(context, base, property);
        } catch (PropertyNotFoundException e) {
            report(base, property, null);
            throw e;
        }
        report(base, property, value);
        return value;
    }

    private static void report(Object base, Object property, Object value) {
        Evaluation e = Evaluation.current();
        if (e != null && base != null) e.resolved(base, property, value);
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        Evaluation e = Evaluation.current();
        if (e != null) e.invoked(base, method);
        if (base != null && method != null) {
            Object result;
            try {
                result = PyMethods.call(base, method.toString(), params);
            } catch (RuntimeException failed) {
                throw new TemplateException("template error: " + method + "(): " + failed.getMessage(), AnsibleFilters.currentAt());
            }
            if (result != PyMethods.NOT_HANDLED) {
                context.setPropertyResolved(true);
                return result;
            }
        }
        return delegate.invoke(context, base, method, paramTypes, params);
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return delegate.getCommonPropertyType(context, base);
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return delegate.getFeatureDescriptors(context, base);
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return delegate.getType(context, base, property);
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        delegate.setValue(context, base, property, value);
    }
}
