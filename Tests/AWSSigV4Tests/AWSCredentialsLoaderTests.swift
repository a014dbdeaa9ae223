import Testing
import AWSSigV4

@Suite("AWS credentials and region from the standard places")
struct AWSCredentialsLoaderTests {
    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = defaultsecret

        [helpdesk]
        aws_access_key_id=AKIDHELPDESK
        aws_secret_access_key=helpdesksecret
        aws_session_token = helpdesktoken
        s3 =
            max_concurrent_requests = 10

        [half]
        aws_access_key_id = AKIDHALF
        """
    static let configFile = """
        [default]
        region = us-east-1
        [profile helpdesk]
        region = us-gov-west-1
        [profile fromconfig]
        region = eu-west-2
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = configsecret
        [profile assumed]
        role_arn = arn:aws:iam::123456789012:role/helpdesk
        source_profile = default
        """

    func loader(_ env: [String: String], files: [String: String]? = nil) -> AWSCredentialsLoader {
        let files = files ?? ["/home/bot/.aws/credentials": Self.credentialsFile, "/home/bot/.aws/config": Self.configFile]
        return AWSCredentialsLoader(environment: ["HOME": "/home/bot"].merging(env) { $1 }) { files[$0] }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var env: [String: String]
        var accessKeyID: String
        var token: String?
        var source: AWSCredentialSource
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "environment wins over files", env: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s",
                                                       "AWS_SESSION_TOKEN": "envtoken", "AWS_PROFILE": "helpdesk"],
            accessKeyID: "AKIDENV", token: "envtoken", source: .environment),
        Row(name: "the older AWS_SECURITY_TOKEN", env: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s",
                                                        "AWS_SECURITY_TOKEN": "old"],
            accessKeyID: "AKIDENV", token: "old", source: .environment),
        Row(name: "default profile of the credentials file", env: [:], accessKeyID: "AKIDDEFAULT", token: nil,
            source: .credentialsFile(path: "/home/bot/.aws/credentials", profile: "default")),
        Row(name: "AWS_PROFILE with a session token", env: ["AWS_PROFILE": "helpdesk"], accessKeyID: "AKIDHELPDESK",
            token: "helpdesktoken", source: .credentialsFile(path: "/home/bot/.aws/credentials", profile: "helpdesk")),
        Row(name: "keys in the config file", env: ["AWS_PROFILE": "fromconfig"], accessKeyID: "AKIDCONFIG", token: nil,
            source: .configFile(path: "/home/bot/.aws/config", profile: "fromconfig")),
        Row(name: "empty variables count as unset", env: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""],
            accessKeyID: "AKIDDEFAULT", token: nil,
            source: .credentialsFile(path: "/home/bot/.aws/credentials", profile: "default")),
    ]

    @Test("where credentials come from", arguments: rows)
    func sources(_ row: Row) throws {
        let (c, source) = try loader(row.env).credentials()
        #expect(c.accessKeyID == row.accessKeyID)
        #expect(c.sessionToken == row.token)
        #expect(source == row.source)
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files")
    func overriddenPaths() throws {
        let l = loader(["AWS_SHARED_CREDENTIALS_FILE": "/etc/helpdesk/aws-creds", "AWS_CONFIG_FILE": "~/cfg"],
                       files: ["/etc/helpdesk/aws-creds": "[default]\naws_access_key_id=A\naws_secret_access_key=B\n",
                               "/home/bot/cfg": "[default]\nregion=us-west-2\n"])
        let (c, source) = try l.credentials()
        #expect(c == AWSCredentials(accessKeyID: "A", secretAccessKey: "B"))
        #expect(source == .credentialsFile(path: "/etc/helpdesk/aws-creds", profile: "default"))
        #expect(try l.region() == "us-west-2")
    }

    @Test("region order", arguments: [
        (["AWS_REGION": "ca-central-1", "AWS_DEFAULT_REGION": "us-west-1"], "ca-central-1"),
        (["AWS_DEFAULT_REGION": "us-west-1"], "us-west-1"),
        ([:], "us-east-1"),
        (["AWS_PROFILE": "helpdesk"], "us-gov-west-1"),
        (["AWS_PROFILE": "fromconfig"], "eu-west-2"),
    ])
    func region(_ env: [String: String], _ expected: String) throws {
        #expect(try loader(env).region() == expected)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var env: [String: String]
        var files: [String: String]?
        var code: AWSCredentialsError.Code
        var mentions: [String]
        var testDescription: String { name }
    }

    static let failures: [Failure] = [
        Failure(name: "nothing anywhere", env: [:], files: [:], code: .notFound,
                mentions: ["AWS_ACCESS_KEY_ID", "/home/bot/.aws/credentials", "aws configure"]),
        Failure(name: "key id without secret", env: ["AWS_ACCESS_KEY_ID": "AKID"], files: nil, code: .incomplete,
                mentions: ["AWS_SECRET_ACCESS_KEY"]),
        Failure(name: "secret without key id", env: ["AWS_SECRET_ACCESS_KEY": "x"], files: nil, code: .incomplete,
                mentions: ["AWS_ACCESS_KEY_ID"]),
        Failure(name: "profile with half a pair", env: ["AWS_PROFILE": "half"], files: nil, code: .incomplete,
                mentions: ["[half]", "aws_secret_access_key"]),
        Failure(name: "unknown profile", env: ["AWS_PROFILE": "nope"], files: nil, code: .unknownProfile,
                mentions: ["nope", "default, fromconfig, half, helpdesk"]),
        Failure(name: "role profile", env: ["AWS_PROFILE": "assumed"], files: nil, code: .unsupportedProfile,
                mentions: ["role_arn", "AWS_SESSION_TOKEN"]),
    ]

    @Test("errors name the variable or file and the fix", arguments: failures)
    func errors(_ f: Failure) {
        do {
            _ = try loader(f.env, files: f.files).credentials()
            Issue.record("expected \(f.code)")
        } catch {
            #expect(error.code == f.code)
            for m in f.mentions { #expect(error.message.contains(m), "\(error.message)") }
            #expect(!error.message.contains("secret") || !error.message.contains("defaultsecret"))
        }
    }

    @Test("the INI dialect as botocore reads it")
    func ini() {
        let f = AWSINIFile(parsing: "; c\r\n[ profile   x ]\r\nRegion = a # b\r\n  nested = 1\r\nbroken line\r\n[y\r\nk=v\r\n")
        #expect(f.sections == ["profile x": ["region": "a # b"]])
    }

    @Test("no region")
    func noRegion() {
        #expect(throws: AWSCredentialsError.self) { try loader([:], files: [:]).region() }
        do { _ = try loader([:], files: [:]).region() } catch {
            #expect(error.message.contains("AWS_REGION"))
        }
    }
}
