package dev.switchboard.store;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The store contract on PostgreSQL, in a fresh schema of the test database. Runs when
 * SWITCHBOARD_TEST_POSTGRES=1 and then fails if PostgreSQL is unreachable; skipped otherwise.
 */
@EnabledIfEnvironmentVariable(
        named = "SWITCHBOARD_TEST_POSTGRES",
        matches = "1",
        disabledReason = TestDatabase.POSTGRES_NOT_SELECTED)
class PostgresStoreContractTest extends StoreContractTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
