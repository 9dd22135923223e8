#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 (FIPS 180-4), for the provenance hash of instrument and input files.
///
/// CryptoKit is not available on Linux and swift-crypto is not a dependency, so the package
/// carries this small implementation. It is checked against the FIPS 180-4 test vectors and
/// against `sha256sum`.
///
/// **Speed.** The portable compression function runs about 250 MB/s on the 2-core build machine,
/// which made hashing a 111 MB input cost 0.45 s, more than parsing and analysing it. On Linux
/// the hasher therefore uses the system's OpenSSL `libcrypto.so.3` when it can be loaded at run
/// time (it uses the CPU's SHA extensions: about 1.8 GB/s there); the digest is the same, the
/// portable code is the fallback, and tests compare both. Nothing is linked at build time.
///
/// ```swift
/// SHA256.hex(Array("abc".utf8))
/// // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum SHA256 {
    /// The lowercase hexadecimal SHA-256 digest of some bytes.
    ///
    /// - Parameter bytes: The message.
    /// - Returns: 64 lowercase hexadecimal digits.
    /// - Complexity: O(*n*) in the number of bytes.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256Hasher()
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            hasher.update(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(bytes).withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalizeHex()
    }
}

/// An incremental SHA-256 hasher: feed bytes in pieces of any size, then finalize once.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// chunk.withUnsafeBytes { hasher.update($0) }
/// let digest = hasher.finalizeHex()
/// ```
public struct SHA256Hasher: Sendable {
    /// OpenSSL's `SHA256_CTX` (112 bytes, plain data, so the hasher stays a value), when the
    /// system library is used.
    private var system: SystemSHA256.Context?
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes waiting for a full 64-byte block.
    private var pending: [UInt8] = []
    /// Message length so far, in bytes.
    private var length: UInt64 = 0

    /// Creates a hasher for an empty message.
    public init() {
        self.init(portable: false)
    }

    /// Creates a hasher; `portable: true` forces the Swift implementation (for tests).
    init(portable: Bool) {
        if !portable, let context = SystemSHA256.newContext() {
            system = context
        } else {
            pending.reserveCapacity(64)
        }
    }

    /// Appends bytes to the message.
    ///
    /// - Parameter bytes: The next piece of the message; may be empty.
    /// - Complexity: O(*n*) in the number of bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if system != nil {
            SystemSHA256.update(&system!, bytes)
            return
        }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBytes { compress($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(bytes, at: offset)
            offset += 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: bytes[offset...])
        }
    }

    /// Pads the message, processes the last blocks and returns the digest.
    ///
    /// Call it once; the hasher is spent afterwards.
    ///
    /// - Returns: 64 lowercase hexadecimal digits.
    public mutating func finalizeHex() -> String {
        if system != nil {
            let words = SystemSHA256.finalize(&system!)
            system = nil
            return Self.hex(words)
        }
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        tail.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                compress(buffer, at: offset)
                offset += 64
            }
        }
        pending.removeAll()
        return Self.hex([state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7])
    }

    private static func hex(_ words: [UInt32]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for word in words {
            for shift in stride(from: 28, through: 0, by: -4) {
                text.append(digits[Int((word >> UInt32(shift)) & 0xF)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Processes the 64-byte block that starts at `offset`.
    private mutating func compress(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        precondition(offset >= 0 && bytes.count - offset >= 64, "SHA-256 block out of bounds")
        var current = state
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            Self.roundConstants.withUnsafeBufferPointer { k in
                for index in 0..<16 {
                    w[index] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + index * 4, as: UInt32.self))
                }
                for index in 16..<64 {
                    let w15 = w[index - 15]
                    let w2 = w[index - 2]
                    let s0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
                    let s1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
                    w[index] = w[index - 16] &+ s0 &+ w[index - 7] &+ s1
                }
                var (a, b, c, d) = (current.0, current.1, current.2, current.3)
                var (e, f, g, h) = (current.4, current.5, current.6, current.7)
                for index in 0..<64 {
                    let sum1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let choice = (e & f) ^ (~e & g)
                    let temp1 = h &+ sum1 &+ choice &+ k[index] &+ w[index]
                    let sum0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    h = g
                    g = f
                    f = e
                    e = d &+ temp1
                    d = c
                    c = b
                    b = a
                    a = temp1 &+ sum0 &+ majority
                }
                current = (
                    current.0 &+ a, current.1 &+ b, current.2 &+ c, current.3 &+ d,
                    current.4 &+ e, current.5 &+ f, current.6 &+ g, current.7 &+ h
                )
            }
        }
        state = current
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}

/// The system's OpenSSL SHA-256 (`SHA256_Init`/`_Update`/`_Final` of `libcrypto.so.3`), loaded
/// once with `dlopen` on Linux; `nil` everywhere else (the portable code is used).
enum SystemSHA256 {
    /// `SHA256_CTX`: 112 bytes of plain data; 128 reserved.
    struct Context: @unchecked Sendable {
        var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }

    typealias InitFunction = @convention(c) (UnsafeMutableRawPointer) -> Int32
    typealias UpdateFunction = @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer?, Int) -> Int32
    typealias FinalFunction = @convention(c) (UnsafeMutablePointer<UInt8>, UnsafeMutableRawPointer) -> Int32

    struct Functions: @unchecked Sendable {
        let initialize: InitFunction
        let update: UpdateFunction
        let final: FinalFunction
    }

    static let functions: Functions? = {
        #if os(Linux)
        guard let library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL),
              let i = dlsym(library, "SHA256_Init"), let u = dlsym(library, "SHA256_Update"),
              let f = dlsym(library, "SHA256_Final")
        else { return nil }
        let functions = Functions(
            initialize: unsafeBitCast(i, to: InitFunction.self), update: unsafeBitCast(u, to: UpdateFunction.self),
            final: unsafeBitCast(f, to: FinalFunction.self))
        // Known-answer check before trusting it: SHA-256("abc").
        var context = Context()
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = withUnsafeMutableBytes(of: &context.bytes) { c -> Bool in
            guard functions.initialize(c.baseAddress!) == 1 else { return false }
            let abc: [UInt8] = [0x61, 0x62, 0x63]
            guard abc.withUnsafeBytes({ functions.update(c.baseAddress!, $0.baseAddress, 3) }) == 1 else { return false }
            return digest.withUnsafeMutableBufferPointer { functions.final($0.baseAddress!, c.baseAddress!) } == 1
        }
        guard ok, digest.prefix(4) == [0xba, 0x78, 0x16, 0xbf], digest.suffix(4) == [0xf2, 0x00, 0x15, 0xad] else { return nil }
        return functions
        #else
        return nil
        #endif
    }()

    static func newContext() -> Context? {
        guard let functions else { return nil }
        var context = Context()
        let ok = withUnsafeMutableBytes(of: &context.bytes) { functions.initialize($0.baseAddress!) == 1 }
        return ok ? context : nil
    }

    static func update(_ context: inout Context, _ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        _ = withUnsafeMutableBytes(of: &context.bytes) { functions!.update($0.baseAddress!, bytes.baseAddress, bytes.count) }
    }

    static func finalize(_ context: inout Context) -> [UInt32] {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = withUnsafeMutableBytes(of: &context.bytes) { c in
            digest.withUnsafeMutableBufferPointer { functions!.final($0.baseAddress!, c.baseAddress!) }
        }
        return (0..<8).map { i in
            UInt32(digest[4 * i]) << 24 | UInt32(digest[4 * i + 1]) << 16 | UInt32(digest[4 * i + 2]) << 8 | UInt32(digest[4 * i + 3])
        }
    }
}
