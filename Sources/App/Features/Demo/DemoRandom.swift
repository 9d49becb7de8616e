// MARK: - Randomness

extension DemoPopulation {
    /// SplitMix64 (Steele, Lea & Flood, 2014): tiny, fast, and fixed by its seed on every platform,
    /// which `SystemRandomNumberGenerator` and the standard library's range sampling do not promise.
    struct SplitMix64: RandomNumberGenerator, Sendable {
        private var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in 0..<n by Lemire's multiply-shift with rejection ("Fast Random Integer Generation in an Interval", 2019): no modulo bias.
        mutating func below(_ n: Int) -> Int {
            precondition(n > 0)
            let bound = UInt64(n)
            var product = next().multipliedFullWidth(by: bound)
            if product.low < bound {
                let threshold = (0 &- bound) % bound
                while product.low < threshold {
                    product = next().multipliedFullWidth(by: bound)
                }
            }
            return Int(product.high)
        }

        mutating func percent(_ chance: Int) -> Bool {
            below(100) < chance
        }
    }

    /// Picks index i with probability weights[i] / total: one uniform draw below the total, then a binary search of the running sums;
    /// integer arithmetic only, so every platform picks the same.
    struct WeightedIndex: Sendable {
        private let runningSums: [Int]

        init(_ weights: [Int]) {
            precondition(!weights.isEmpty && weights.allSatisfy { $0 > 0 }, "weights must be positive")
            var total = 0
            runningSums = weights.map { total += $0; return total }
        }

        func pick(_ random: inout SplitMix64) -> Int {
            let target = random.below(runningSums[runningSums.count - 1])
            var low = 0
            var high = runningSums.count - 1
            while low < high {
                let middle = (low + high) / 2
                if runningSums[middle] > target { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }
}
