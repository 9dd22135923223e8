@testable import SurveyIngest
import Testing

/// The system-library SHA-256 (libcrypto, when it loads) and the portable Swift code give the
/// same digests, whatever the sizes of the pieces fed.
@Suite struct SHA256BackendTests {
    @Test func systemAndPortableDigestsAgree() {
        var state: UInt64 = 0x1234_5678
        func byte() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        for size in [0, 1, 55, 56, 63, 64, 65, 1000, 100_003] {
            let message = (0..<size).map { _ in byte() }
            var portable = SHA256Hasher(portable: true)
            var system = SHA256Hasher()
            // Uneven pieces: 1, 2, 3, … bytes.
            var offset = 0
            var piece = 1
            while offset < size {
                let end = min(size, offset + piece)
                message[offset..<end].withUnsafeBytes { portable.update($0); system.update($0) }
                offset = end
                piece += 1
            }
            #expect(portable.finalizeHex() == system.finalizeHex(), "size \(size)")
        }
        var abc = SHA256Hasher()
        [UInt8]("abc".utf8).withUnsafeBytes { abc.update($0) }
        #expect(abc.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    #if os(Linux)
    @Test func theSystemLibraryIsUsedWhereItExists() {
        // libcrypto.so.3 is part of every Debian with OpenSSL 3; where it is missing the
        // portable code runs and this only documents it.
        if SystemSHA256.functions == nil {
            withKnownIssue("libcrypto.so.3 not found: SHA-256 runs at the portable code's speed") { Issue.record("no libcrypto") }
        }
    }
    #endif
}
