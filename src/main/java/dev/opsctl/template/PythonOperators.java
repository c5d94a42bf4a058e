package dev.opsctl.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.AstTuple;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.PowerOfOperator;
import dev.opsctl.python.PyOperators;
import dev.opsctl.python.Python;
import dev.opsctl.python.Tuple;
import java.util.List;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.misc.NumberOperations;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava's expression language with Python's {@code *}, {@code %} and {@code **} (python/PyOperators): JUEL's
 * arithmetic would coerce {@code 'x' * 3} or {@code '%s' % x} to numbers and fail, and gives {@code -7 % 3 == -1} and
 * {@code 2 ** -1 == 0}. The parser is Jinjava's own, with only these three operators swapped.
 */
final class PythonOperators {
    private PythonOperators() {}

    /** A Jinjava whose expressions are parsed by {@link PythonParser}. */
    static Jinjava jinjava(JinjavaConfig config) {
        ExpressionFactory factory = new ExpressionFactoryImpl(
                new TreeStore(new PythonSyntaxBuilder(), null), new TruthyTypeConverter()); // no cache, as Jinjava's own (cacheSize 0)
        return new Jinjava(config) {
            @Override
            public ExpressionFactory getExpressionFactory() {
                return factory;
            }
        };
    }

    private static final class PythonSyntaxBuilder extends ExtendedSyntaxBuilder {
        PythonSyntaxBuilder() {
            // the features of JUEL's JEE6 profile, which Jinjava's factory uses
            super(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);
        }

        @Override
        protected Parser createParser(String expression) {
            return new PythonParser(this, expression);
        }
    }

    private static final class PythonParser extends ExtendedParser {
        PythonParser(Builder context, String input) {
            super(context, input);
            putExtensionHandler(PowerOfOperator.TOKEN, new ExtensionHandler(PowerOfOperator.HANDLER.getExtensionPoint()) {
                @Override
                public AstNode createAstNode(AstNode... children) {
                    return new AstBinary(children[0], children[1], POWER);
                }
            });
        }

        @Override
        protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
            if (operator == AstBinary.MUL) return super.createAstBinary(left, right, MULTIPLY);
            if (operator == AstBinary.MOD) return super.createAstBinary(left, right, MODULO);
            return super.createAstBinary(left, right, operator);
        }
    }

    private static final AstBinary.Operator MULTIPLY = new PyOperator("*") {
        @Override
        Object python(Object a, Object b) {
            return PyOperators.multiply(a, b);
        }

        @Override
        Object numbers(Bindings bindings, Object a, Object b) {
            return NumberOperations.mul(bindings, a, b);
        }
    };

    private static final AstBinary.Operator MODULO = new PyOperator("%") {
        @Override
        Object python(Object a, Object b) {
            return PyOperators.modulo(a, b);
        }

        @Override
        Object numbers(Bindings bindings, Object a, Object b) {
            return NumberOperations.mod(bindings, a, b);
        }
    };

    private static final AstBinary.Operator POWER = new PyOperator("**") {
        @Override
        Object python(Object a, Object b) {
            return PyOperators.power(a, b);
        }

        @Override
        Object numbers(Bindings bindings, Object a, Object b) {
            throw new IllegalStateException("** is always Python's");
        }
    };

    /** Evaluates both operands once; Python's rule first, JUEL's number arithmetic where Python's is the same. */
    private abstract static class PyOperator implements AstBinary.Operator {
        private final String symbol;

        PyOperator(String symbol) {
            this.symbol = symbol;
        }

        abstract Object python(Object a, Object b);

        abstract Object numbers(Bindings bindings, Object a, Object b);

        @Override
        public Object eval(Bindings bindings, ELContext context, AstNode left, AstNode right) {
            Object a = left.eval(bindings, context);
            Object b = right.eval(bindings, context);
            // a literal (x, y) is a tuple to Python's '%': its items are the values, where a list is one value
            if (right instanceof AstTuple && Python.unwrap(b) instanceof List<?> items) b = new Tuple(items.toArray());
            Object result = python(a, b);
            return result == PyOperators.NOT_HANDLED ? numbers(bindings, a, b) : result;
        }

        @Override
        public String toString() {
            return symbol;
        }
    }
}
