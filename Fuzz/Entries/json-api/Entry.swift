import FuzzHarnesses

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    Harness.jsonAPI.fuzz(bytes, size)
}
