// swift-tools-version: 6.1
import PackageDescription

/// One list of strict settings, applied to every target (STYLE.md habit 19).
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "helpdesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "helpdesk", targets: ["helpdesk"]),
        .executable(name: "helpdesk-bench", targets: ["helpdesk-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // libcurl from Debian's libcurl4-openssl-dev, and a tiny C shim for the variadic setopt calls.
        .systemLibrary(
            name: "CLibcurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurl", dependencies: ["CLibcurl"]),

        // Pure mail parsing: RFC 5322/2045/2047/2231, HTML to text, quoted-reply splitting, auto-mail detection.
        .target(name: "Mail", swiftSettings: strict),

        // Rules as data, the classifier with explanations, and the extractors.
        .target(
            name: "Triage",
            dependencies: ["Mail", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),

        // A small general HTTP client over libcurl behind the HTTPTransport seam (token endpoints, AWS APIs).
        .target(name: "CurlHTTP", dependencies: ["CCurl"], swiftSettings: strict),

        // OAuth 2.0 access tokens from a refresh token (RFC 6749 §6), cached and refreshed, for XOAUTH2.
        .target(
            name: "OAuth2",
            dependencies: ["CurlHTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // Mail in and out: the Mailbox and MailSender seams; Maildir on the embedded default; IMAP and SMTP through libcurl.
        .target(name: "MailTransport", dependencies: ["Mail", "CCurl"], swiftSettings: strict),

        // Messages, tickets and their state machine, the audit trail, actions, approvals and the outbox (SQLite via GRDB).
        .target(
            name: "Store",
            dependencies: [
                "Triage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // The help desk: configuration, playbooks, the pipeline that runs them.
        .target(
            name: "Helpdesk",
            dependencies: [
                "Mail", "Triage", "Store", "Directory", "Replies", "MailTransport", "OAuth2", "CurlHTTP",
                "ConnectDirectory", "AWSSigV4",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The user directory: the protocols the playbooks use, and LocalDirectory on SQLite (GRDB).
        .target(
            name: "Directory",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),

        // AWS Signature Version 4 and the standard credential sources (pure: Foundation and swift-crypto).
        .target(
            name: "AWSSigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),

        // The Amazon Connect directory: request builders checked against botocore's model, the signed client with
        // rate limits and retries, and AmazonConnectDirectory over a small HTTPTransport seam.
        .target(name: "ConnectDirectory", dependencies: ["Directory", "AWSSigV4", "CurlHTTP"], swiftSettings: strict),

        // Connect's user API served from a local directory (`helpdesk sandbox`), and usable in-process as a transport.
        .target(name: "ConnectSandbox", dependencies: ["ConnectDirectory", "Directory", "AWSSigV4", "CurlHTTP"],
                swiftSettings: strict),

        // Doubles for the seams, for other modules' tests; MailStack and FaultProxy for tests against real servers.
        .target(name: "HelpdeskTesting", dependencies: ["Directory", "MailTransport", "CurlHTTP"], swiftSettings: strict),

        // Replies: typed view models, Mustache templates checked at start-up, and the composer of outgoing mail.
        .target(
            name: "Replies",
            dependencies: ["Mail", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),

        // The admin page (`helpdesk serve`): approvals, tickets and their audit trail, login, /metrics, /healthz.
        .target(
            name: "AdminWeb",
            dependencies: [
                "Helpdesk", "Store", "Triage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // The command-line tool: thin commands over the modules.
        .executableTarget(
            name: "helpdesk",
            dependencies: [
                "Mail", "Triage", "Directory", "Helpdesk", "AWSSigV4", "ConnectSandbox", "AdminWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // `make bench`: parse + classify throughput over a folder of messages, on one core.
        .executableTarget(
            name: "helpdesk-bench",
            dependencies: ["Mail", "Triage", "Helpdesk", "Store", "Directory", "MailTransport", "Replies", "HelpdeskTesting",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // libFuzzer targets for the parser and the classifier (`make fuzz`: scripts/fuzz builds it with
        // --sanitize=fuzzer -DFUZZING); an ordinary build is a replay tool over files.
        .executableTarget(name: "helpdesk-fuzz", dependencies: ["Mail", "Triage"], swiftSettings: strict),

        .testTarget(name: "MailTests", dependencies: ["Mail"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "TriageTests", dependencies: ["Triage", "Mail"], swiftSettings: strict),
        .testTarget(name: "HelpdeskTests", dependencies: ["Helpdesk", "HelpdeskTesting", "Directory", "Store", "Mail", "Triage", "MailTransport", "Replies",
                                                   "ConnectDirectory", "ConnectSandbox", "AWSSigV4", "CurlHTTP"],
                    swiftSettings: strict),
        .testTarget(
            name: "DirectoryTests", dependencies: ["Directory", "HelpdeskTesting"], resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"], swiftSettings: strict),
        .testTarget(name: "ConnectDirectoryTests", dependencies: ["ConnectDirectory", "Directory", "AWSSigV4", "CurlHTTP", "HelpdeskTesting"],
                    swiftSettings: strict),
        .testTarget(name: "ConnectSandboxTests",
                    dependencies: ["ConnectSandbox", "ConnectDirectory", "Directory", "AWSSigV4", "CurlHTTP", "HelpdeskTesting"],
                    swiftSettings: strict),
        .testTarget(name: "RepliesTests", dependencies: ["Replies", "Mail"], resources: [.copy("Fixtures")],
                    swiftSettings: strict),
        // Runs the built `helpdesk` binary (swift build --build-tests builds it first).
        .testTarget(name: "HelpdeskCLITests", dependencies: ["HelpdeskTesting"], swiftSettings: strict),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "HelpdeskTesting"], swiftSettings: strict),
        // Unit tests of the token source, and XOAUTH2 against the loopback Dovecot, Postfix and token server.
        .testTarget(
            name: "OAuth2Tests",
            dependencies: ["OAuth2", "CurlHTTP", "MailTransport", "HelpdeskTesting",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "InMemoryLogging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AdminWebTests",
            dependencies: ["AdminWeb", "Helpdesk", "HelpdeskTesting", "Store", "Directory", "Replies", "Triage", "MailTransport",
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "CCurlTests", dependencies: ["CCurl"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Triage"], swiftSettings: strict),
        .testTarget(
            name: "MailTransportTests", dependencies: ["MailTransport", "HelpdeskTesting", "Mail"],
            resources: [.copy("Fixtures")], swiftSettings: strict
        ),
        // The loopback Dovecot + Postfix of scripts/mailstack and the fault proxy; needs `scripts/mailstack start`.
        .testTarget(name: "MailStackTests", dependencies: ["HelpdeskTesting"], swiftSettings: strict),
    ]
)
