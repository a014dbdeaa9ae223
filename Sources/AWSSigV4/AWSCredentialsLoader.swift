/// Where credentials were found: for a start-up log line (it names places, never secrets).
public enum AWSCredentialSource: Hashable, Sendable, CustomStringConvertible {
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`).
    case environment
    /// A profile of the shared credentials file.
    case credentialsFile(path: String, profile: String)
    /// A profile of the shared config file.
    case configFile(path: String, profile: String)

    public var description: String {
        switch self {
        case .environment: "the environment (AWS_ACCESS_KEY_ID)"
        case .credentialsFile(let path, let profile): "profile \(profile) of \(path)"
        case .configFile(let path, let profile): "profile \(profile) of \(path)"
        }
    }
}

/// Finds credentials and the region where the AWS CLI and SDKs look, in the same order:
///
/// 1. `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (or the older `AWS_SECURITY_TOKEN`);
/// 2. the profile (`AWS_PROFILE`, else `default`) of the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
///    else `~/.aws/credentials`): `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`;
/// 3. the same profile of the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`; `[profile NAME]` or
///    `[default]`).
///
/// The region is `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region` in the config file.
///
/// Pure: the environment and file reading are given to it, so tests need no real files.
public struct AWSCredentialsLoader: Sendable {
    /// The environment variables.
    public var environment: [String: String]
    /// Reads a file's text; nil when it does not exist or cannot be read.
    public var readFile: @Sendable (String) -> String?

    /// Creates a loader over `environment` and `readFile`.
    public init(environment: [String: String], readFile: @escaping @Sendable (String) -> String?) {
        self.environment = environment
        self.readFile = readFile
    }

    /// The profile in use: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
    public var profile: String { value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE") ?? "default" }

    /// The shared credentials file's path.
    public var credentialsPath: String {
        value("AWS_SHARED_CREDENTIALS_FILE").map(expandHome) ?? expandHome("~/.aws/credentials")
    }

    /// The config file's path.
    public var configPath: String { value("AWS_CONFIG_FILE").map(expandHome) ?? expandHome("~/.aws/config") }

    /// The credentials and where they came from.
    public func credentials() throws(AWSCredentialsError) -> (AWSCredentials, AWSCredentialSource) {
        if let c = try fromEnvironment() { return (c, .environment) }
        let credentialsFile = readFile(credentialsPath).map(AWSINIFile.init(parsing:))
        let configFile = readFile(configPath).map(AWSINIFile.init(parsing:))
        let profileExplicit = value("AWS_PROFILE") != nil || value("AWS_DEFAULT_PROFILE") != nil
        if let section = credentialsFile?.sections[profile],
           let c = try fromSection(section, at: "[\(profile)] in \(credentialsPath)") {
            return (c, .credentialsFile(path: credentialsPath, profile: profile))
        }
        let configSection = configFile.flatMap { Self.configSection($0, profile: profile) }
        if let section = configSection {
            if let c = try fromSection(section, at: "\(Self.configHeader(profile)) in \(configPath)") {
                return (c, .configFile(path: configPath, profile: profile))
            }
            if let key = ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file"]
                .first(where: { section[$0] != nil }) {
                throw AWSCredentialsError(.unsupportedProfile, "The profile \(profile) in \(configPath) gets its "
                    + "credentials through \(key), which helpdesk does not support. Put aws_access_key_id and "
                    + "aws_secret_access_key (and aws_session_token) in the profile, or export AWS_ACCESS_KEY_ID, "
                    + "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (e.g. from `aws configure export-credentials`).")
            }
        }
        if profileExplicit && credentialsFile?.sections[profile] == nil && configSection == nil {
            throw AWSCredentialsError(.unknownProfile, "AWS_PROFILE is \(profile), but neither \(credentialsPath) "
                + "nor \(configPath) has that profile. Add it (`aws configure --profile \(profile)`) or set "
                + "AWS_PROFILE to one of: \(knownProfiles(credentialsFile, configFile)).")
        }
        throw AWSCredentialsError(.notFound, "No AWS credentials found. Export AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or add profile \(profile) "
            + "to \(credentialsPath) with aws_access_key_id and aws_secret_access_key (`aws configure`).")
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region` in the config file.
    public func region() throws(AWSCredentialsError) -> String {
        if let r = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") { return r }
        if let file = readFile(configPath).map(AWSINIFile.init(parsing:)),
           let r = Self.configSection(file, profile: profile)?["region"], !r.isEmpty {
            return r
        }
        throw AWSCredentialsError(.noRegion, "No AWS region is set. Export AWS_REGION (e.g. us-east-1, where the "
            + "Connect instance is), or add `region = ...` to profile \(profile) in \(configPath).")
    }

    private func fromEnvironment() throws(AWSCredentialsError) -> AWSCredentials? {
        let id = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        switch (id, secret) {
        case (nil, nil):
            return nil
        case (let id?, let secret?):
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret,
                                  sessionToken: value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN"))
        case (nil, _):
            throw AWSCredentialsError(.incomplete, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not. "
                + "Export both, or unset AWS_SECRET_ACCESS_KEY to use the shared credentials file.")
        case (_, nil):
            throw AWSCredentialsError(.incomplete, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not. "
                + "Export both, or unset AWS_ACCESS_KEY_ID to use the shared credentials file.")
        }
    }

    private func fromSection(_ s: [String: String], at place: String) throws(AWSCredentialsError)
        -> AWSCredentials? {
        let id = s["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = s["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil):
            return nil
        case (let id?, let secret?):
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret,
                                  sessionToken: s["aws_session_token"] ?? s["aws_security_token"])
        case (nil, _):
            throw AWSCredentialsError(.incomplete, "\(place) has aws_secret_access_key but no aws_access_key_id; "
                + "add the key id.")
        case (_, nil):
            throw AWSCredentialsError(.incomplete, "\(place) has aws_access_key_id but no aws_secret_access_key; "
                + "add the secret key.")
        }
    }

    /// The config file names profiles `[profile NAME]`, except the default, which may be `[default]`.
    static func configSection(_ file: AWSINIFile, profile: String) -> [String: String]? {
        if profile == "default" { return file.sections["default"] ?? file.sections["profile default"] }
        return file.sections["profile \(profile)"]
    }

    static func configHeader(_ profile: String) -> String {
        profile == "default" ? "[default]" : "[profile \(profile)]"
    }

    private func knownProfiles(_ credentials: AWSINIFile?, _ config: AWSINIFile?) -> String {
        var names = Set(credentials?.sections.keys.map { $0 } ?? [])
        for key in config.map({ Array($0.sections.keys) }) ?? [] {
            if key == "default" { names.insert(key) } else if key.hasPrefix("profile ") { names.insert(String(key.dropFirst(8))) }
        }
        return names.isEmpty ? "(none; the files are missing or empty)" : names.sorted().joined(separator: ", ")
    }

    private func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func expandHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (environment["HOME"] ?? "") + path.dropFirst()
    }
}
