/**
 * Load tests of the call-control API, run by hand (never by the test suite): {@link
 * dev.switchboard.http.bench.BenchServer} in one process, the load from another — {@code wrk}
 * with {@code src/test/resources/bench/call-control.lua}, or {@link
 * dev.switchboard.http.bench.CallControlLoad} (open loop at a fixed rate).
 *
 * <pre>
 * ./mvnw -q -B -pl http -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/http-cp.txt -Dmdep.includeScope=test
 * CP=http/target/test-classes:http/target/classes:$(cat /tmp/http-cp.txt)
 * java -Xms1g -Xmx1g -XX:+UseSerialGC -Xmn64m -cp $CP dev.switchboard.http.bench.BenchServer 8099 500 &amp;
 * wrk -t4 -c4 -d30s --latency -s http/src/test/resources/bench/call-control.lua http://127.0.0.1:8099 -- 1
 * java -cp $CP dev.switchboard.http.bench.CallControlLoad http://127.0.0.1:8099 2000 60
 * </pre>
 *
 * <p>Rule: timings are printed, never asserted.
 */
package dev.switchboard.http.bench;
