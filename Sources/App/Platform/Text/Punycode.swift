/// Punycode (RFC 3492), the ASCII spelling of internationalised host names (`xn--…`, RFC 5891):
/// shown beside member links so `аpple.example` (Cyrillic а) cannot pass for `apple.example`.
public enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    /// The Punycode of one label (without the `xn--` prefix); nil if it overflows (labels are short).
    public static func encode(_ label: String) -> String? {
        let scalars = label.unicodeScalars.map { Int($0.value) }
        var output = scalars.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while handled < scalars.count {
            guard let next = scalars.filter({ $0 >= n }).min() else { return nil }
            let (product, overflow) = (next - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow, delta <= Int(Int32.max) - product else { return nil }
            delta += product
            n = next
            for scalar in scalars {
                if scalar < n { delta += 1 }
                if scalar == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }

    /// A host name with every non-ASCII label in its `xn--` form (lower-cased and composed (NFC)
    /// first, as IDNA maps the common cases; UTS #46's full mapping, such as full-width letters, is
    /// not applied, so such a host shows as an `xn--` name that differs from the one it resolves to).
    public static func asciiHost(_ host: String) -> String? {
        var labels: [String] = []
        for label in host.precomposedStringWithCanonicalMapping.split(separator: ".", omittingEmptySubsequences: false) {
            let lowered = label.lowercased()
            if lowered.unicodeScalars.allSatisfy(\.isASCII) {
                labels.append(lowered)
            } else {
                guard let encoded = encode(lowered) else { return nil }
                labels.append("xn--" + encoded)
            }
        }
        return labels.joined(separator: ".")
    }

    private static func digit(_ value: Int) -> Character {
        Character(Unicode.Scalar(UInt8(value < 26 ? value + 0x61 : value - 26 + 0x30)))
    }

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
