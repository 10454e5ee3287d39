package ai.lukhas.pwm.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
