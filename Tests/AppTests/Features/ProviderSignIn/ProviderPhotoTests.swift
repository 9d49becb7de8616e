@testable import App
import Foundation
import Testing

@Suite("Where a provider's picture may be fetched from")
struct ProviderPhotoTests {
    private func may(_ url: String, issuer: String = "https://accounts.google.com") -> Bool {
        ProviderPhoto.mayFetch(URL(string: url)!, providerHosts: [URL(string: issuer)!])
    }

    @Test func publicHTTPSAddressesAndTheProvidersOwnHost() {
        #expect(may("https://lh3.googleusercontent.com/a/photo=s96-c"))
        #expect(may("https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=1"))
        #expect(may("http://127.0.0.1:9000/photo.png", issuer: "http://127.0.0.1:9000"))
    }

    @Test func plainHTTPAndThisMachineOrItsNetworkAreRefused() {
        #expect(!may("http://lh3.googleusercontent.com/a/photo"))
        #expect(!may("https://localhost/photo.png"))
        #expect(!may("https://127.0.0.1/photo.png"))
        #expect(!may("https://10.1.2.3/photo.png"))
        #expect(!may("https://192.168.1.10/photo.png"))
        #expect(!may("https://169.254.169.254/latest/meta-data"))
        #expect(!may("https://[::1]/photo.png"))
        #expect(!may("https://[fd00::1]/photo.png"))
        #expect(!may("file:///etc/passwd"))
        #expect(!may("http://127.0.0.1:9001/photo.png", issuer: "http://127.0.0.1:9000"))
    }
}
