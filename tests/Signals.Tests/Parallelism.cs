// Tests run one fixture at a time unless a fixture says [Parallelizable]: only fixtures that spend their time waiting on real
// time (a database kept down, or not up yet, for its test's seconds; feeds that drip a byte a second) and share no port, file,
// database, environment variable or process-wide state do. They run beside each other, never beside the other fixtures
// (NUnit runs parallel and non-parallel work in separate shifts). Four at once: they wait, so four overlap on 2 cores as well
// as two would. Fixtures that mostly compute (replays, training) gain little beside each other on 2 cores: keep them out.
[assembly: LevelOfParallelism(4)]
