package io.syncfleet.worker.process;

/** {@link ProcessRunnerContract} for the runner that starts programs from this JVM. */
class LocalProcessRunnerIT extends ProcessRunnerContract {

    private final LocalProcessRunner runner = new LocalProcessRunner();

    @Override
    ProcessRunner runner() {
        return runner;
    }
}
