let arguments = Array(CommandLine.arguments.dropFirst())
if let mode = arguments.first, mode.hasPrefix("dedup-") {
    try DedupBench.run(mode: mode, arguments: Array(arguments.dropFirst()))
} else {
    print("finews-bench")
}
