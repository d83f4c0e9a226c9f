import Foundation

// finews-bench MODE ARGUMENTS…: one benchmark or evaluation per mode, release builds only.
let arguments = Array(CommandLine.arguments.dropFirst())
let modes: [String: ([String]) -> Int32] = [
    "extract-eval": ExtractEvaluation.run,
]

guard let mode = arguments.first, let run = modes[mode] else {
    print("usage: finews-bench MODE [ARGUMENTS…]\nmodes: \(modes.keys.sorted().joined(separator: ", "))")
    exit(arguments.isEmpty ? 0 : 64)
}
exit(run(Array(arguments.dropFirst())))
