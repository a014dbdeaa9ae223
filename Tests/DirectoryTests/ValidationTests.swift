@testable import Directory
import Testing

@Suite("Username and password rules")
struct ValidationTests {
    @Test("Connect's username rules", arguments: [
        ("Jane.Doe", true),
        ("jane_doe-2", true),
        ("Maria.Garcia-Lopez", true),
        ("testuser@example.com", true),
        ("testuser@example", false),
        ("@example.com", false),
        ("", false),
        ("Jane Doe", false),
        ("José.Doe", false),
        ("jane.doe!", false),
        (String(repeating: "a", count: 64), true),
        (String(repeating: "a", count: 65), false),
    ])
    func username(_ username: String, valid: Bool) {
        #expect((UsernameRules.problem(username) == nil) == valid, "\(username)")
        let thrown = Result { () throws(DirectoryError) in try UsernameRules.check(username) }
        if case .failure(let e) = thrown {
            #expect(!valid)
            #expect(e.code == .invalidUsername)
        } else {
            #expect(valid)
        }
    }

    @Test("The guide's Firstname.Lastname convention", arguments: [
        ("Jane.Doe", true),
        ("Mary.Ann.Smith", true),
        ("Maria.Garcia-Lopez", true),
        ("jdoe", false),
        ("jane.doe@health.mo.gov", false),
        (".Doe", false),
        ("Jane.", false),
        ("Jane.2Doe", false),
    ])
    func guideConvention(_ username: String, follows: Bool) {
        #expect((UsernameRules.guideProblem(username) == nil) == follows, "\(username)")
    }

    @Test("Connect's password rules, and no message quotes the password", arguments: [
        ("Abcdefg1", true),
        ("Xk3vQ9pLm2Rt7Wz8Yb4N", true),
        ("Ab1!@#$%", true),
        ("abcdefg1", false),
        ("ABCDEFG1", false),
        ("Abcdefgh", false),
        ("Abc1", false),
        ("Abc defg1", false),
        ("Aa1" + String(repeating: "x", count: 61), true),
        ("Aa1" + String(repeating: "x", count: 62), false),
    ])
    func password(_ secret: String, valid: Bool) {
        let problem = PasswordRules.problem(Password(secret))
        #expect((problem == nil) == valid, "\(secret)")
        let thrown = Result { () throws(DirectoryError) in try PasswordRules.check(Password(secret)) }
        if case .failure(let e) = thrown {
            #expect(e.code == .invalidPassword)
            #expect(!e.message.contains(secret))
        }
        if let problem { #expect(!problem.contains(secret)) }
    }

    @Test func passwordNeverPrints() {
        let p = Password("Xk3vQ9pLm2Rt7Wz8Yb4N")
        #expect("\(p)" == "<redacted>")
        #expect(String(reflecting: p) == "<redacted>")
        var dumped = ""
        dump(p, to: &dumped)
        #expect(!dumped.contains("Xk3v"))
        let request = NewDirectoryUser(username: "Jane.Doe", password: p,
                                       identityInfo: IdentityInfo(firstName: "Jane", lastName: "Doe"),
                                       routingProfileId: "r", securityProfileIds: ["s"])
        #expect(!"\(request)".contains("Xk3v"))
        var dumpedRequest = ""
        dump(request, to: &dumpedRequest)
        #expect(!dumpedRequest.contains("Xk3v"))
    }

    @Test("RFC 4180 records keep their row positions", arguments: [
        ("a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        ("a,b\r\n\r\n1,2", [["a", "b"], [""], ["1", "2"]]),
        ("\u{FEFF}\"x, y\",\"say \"\"hi\"\"\"\n", [["x, y", "say \"hi\""]]),
        ("\"line\none\",2\n3,4\n", [["line\none", "2"], ["3", "4"]]),
        ("a\tb\n1\t2\n", [["a", "b"], ["1", "2"]]),
        (" a , b \n", [["a", "b"]]),
    ])
    func csvRecords(_ text: String, expected: [[String]]) {
        #expect(CSVRecords.parse(text) == expected)
    }
}
