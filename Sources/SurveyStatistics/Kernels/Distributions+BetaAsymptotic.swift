#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Distributions {
    /// Iₓ(a, ½) for large a by the asymptotic expansion of Didonato & Morris (TOMS 708 `BGRAT`).
    ///
    /// With ν = a − ¼ and z = −ν·ln x, Iₓ(a, ½) = Q(½, z)·Γ(a + ½)/(Γ(a)·√ν)·(1 + Σ dₙJₙ/J₀),
    /// Q(½, z) = erfc(√z). This is the Student t tail for large df, where the continued fraction
    /// near the mean loses up to 1e−11 to cancellation (df = 10⁶). Accurate to ~1e−14 for
    /// a ≥ 15 and y = 1 − x < ½; used only there.
    ///
    /// - Reference: A. R. Didonato & A. H. Morris (1992), "Algorithm 708: Significant digit
    ///   computation of the incomplete beta function ratios", *ACM TOMS* 18(3), 360–373, §9.
    static func incompleteBetaLargeAHalfB(x: Double, y: Double, a: Double) -> Double {
        let b = 0.5, bm1 = -0.5
        let nu = a + 0.5 * bm1
        let lnx = y > 0.375 ? log(x) : log1p(-y)
        let z = -nu * lnx
        guard z > 0 else { return 1 }
        let root = z.squareRoot()
        // J₀ = Q(½, z)/r with r = e^{−z}·z^{½}/Γ(½): √π·erfcx(√z)/√z.
        let j0 = Double.pi.squareRoot() * scaledErfc(root) / root
        let v = 0.25 / (nu * nu)
        let t2 = 0.25 * lnx * lnx
        var j = j0, corrections = 0.0, t = 1.0, cn = 1.0, n2 = 0.0
        var c = [Double](repeating: 0, count: 30), d = [Double](repeating: 0, count: 30)
        for n in 1...30 {
            let bp2n = b + n2
            j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v
            n2 += 2
            t *= t2
            cn /= n2 * (n2 + 1)
            c[n - 1] = cn
            var s = 0.0
            if n > 1 {
                var coefficient = b - Double(n)
                for i in 1..<n {
                    s += coefficient * c[i - 1] * d[n - 1 - i]
                    coefficient += b
                }
            }
            d[n - 1] = bm1 * cn + s / Double(n)
            let term = d[n - 1] * j
            corrections += term
            if abs(term) <= Double.ulpOfOne * (j0 + corrections) { break }
        }
        // ln Γ(a + ½) − ln Γ(a), free of lgamma cancellation for large a.
        let gammaRatio = (a - 0.5) * log1p(b / a) + b * log(a + b) - b + stirlingError(a + b) - stirlingError(a)
        return exp(gammaRatio - b * log(nu)) * erfc(root) * (1 + corrections / j0)
    }

    /// erfcx(s) = e^{s²}·erfc(s) for s ≥ 0; the asymptotic series where erfc underflows.
    static func scaledErfc(_ s: Double) -> Double {
        if s < 26 { return exp(s * s) * erfc(s) }
        let q = 1 / (2 * s * s)
        var term = 1.0, total = 1.0, k = 1.0
        while k < 40 {
            term *= -(2 * k - 1) * q
            total += term
            if abs(term) < 1e-17 * abs(total) { break }
            k += 1
        }
        return total / (s * Double.pi.squareRoot())
    }
}
