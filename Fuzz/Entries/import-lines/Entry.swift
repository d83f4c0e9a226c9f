import FuzzHarnesses

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    Harness.importLines.fuzz(bytes, size)
}
