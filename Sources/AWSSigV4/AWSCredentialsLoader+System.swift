import Foundation

extension AWSCredentialsLoader {
    /// A loader over this process's environment and the real files.
    public static func system() -> AWSCredentialsLoader {
        AWSCredentialsLoader(environment: ProcessInfo.processInfo.environment) { path in
            try? String(contentsOfFile: path, encoding: .utf8)
        }
    }
}
