// Tests run one fixture at a time unless a fixture says [Parallelizable]: only fixtures that mostly wait on real time (a
// database kept down for a minute, feeds that drip a byte a second) and share no port, file, database, environment variable
// or process-wide state do, and they run beside each other, never beside the others (NUnit runs parallel and non-parallel
// work in separate shifts). Four at once: they wait, so four overlap on 2 cores as well as two would.
[assembly: LevelOfParallelism(4)]
