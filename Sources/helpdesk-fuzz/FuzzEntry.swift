/// libFuzzer's entry point (`swift build --sanitize=fuzzer`, see `scripts/fuzz`): one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTargets.run(bytes)
    return 0
}
