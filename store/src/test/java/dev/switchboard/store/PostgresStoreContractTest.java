package dev.switchboard.store;

/**
 * The store contract on PostgreSQL, in a fresh schema of the test database. Runs when
 * SWITCHBOARD_TEST_POSTGRES=1 and then fails if PostgreSQL is unreachable; skipped otherwise.
 */
class PostgresStoreContractTest extends StoreContractTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
