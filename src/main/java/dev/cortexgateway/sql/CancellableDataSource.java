package dev.cortexgateway.sql;

import dev.cortexgateway.metrics.UpstreamClock;
import dev.cortexgateway.support.CancelScope;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource whose statements stop when the tool execution that created them is cancelled.
 * camel-jdbc creates and runs its statement on the route's thread, where the execution's
 * {@link CancelScope} is bound, so every statement registers {@code Statement.cancel()} with that
 * scope when it is created and withdraws it when it (or its connection) is closed. A statement
 * created or executed after the cancel fails at once with SQLState 57014.
 */
public final class CancellableDataSource implements DataSource {

    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement", "prepareCall");

    private final DataSource delegate;

    public CancellableDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connection(delegate.getConnection(username, password));
    }

    private static Connection connection(Connection connection) {
        List<CancelScope.Registration> open = new ArrayList<>();
        return proxy(Connection.class, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                synchronized (open) {
                    open.forEach(CancelScope.Registration::close);
                    open.clear();
                }
            }
            Object result = invoke(connection, method, args);
            if (result instanceof Statement statement && STATEMENT_FACTORIES.contains(method.getName())) {
                return statement(statement, method.getReturnType(), open);
            }
            return result;
        });
    }

    private static Object statement(Statement statement, Class<?> type, List<CancelScope.Registration> open) throws SQLException {
        CancelScope scope = CancelScope.current();
        CancelScope.Registration registration = scope.onCancel(() -> {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the statement already ended or its connection is gone: nothing left to stop
            }
        });
        synchronized (open) {
            open.add(registration);
        }
        if (scope.cancelled()) {
            statement.close();
            throw cancelled();
        }
        return proxy(type, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                registration.close();
                synchronized (open) {
                    open.remove(registration);
                }
            } else if (method.getName().startsWith("execute")) {
                if (scope.cancelled()) {
                    throw cancelled();
                }
                // the statement's run on the warehouse is upstream time, not the gateway's overhead
                try (UpstreamClock.Lap waiting = UpstreamClock.lap()) {
                    return invoke(statement, method, args);
                }
            }
            return invoke(statement, method, args);
        });
    }

    private static SQLException cancelled() {
        return new SQLException("the tool execution was cancelled", "57014");
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(CancellableDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
