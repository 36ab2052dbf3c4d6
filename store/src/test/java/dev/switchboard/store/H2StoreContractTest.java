package dev.switchboard.store;

/** The store contract on the embedded H2 file database. */
class H2StoreContractTest extends StoreContractTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.h2();
    }
}
