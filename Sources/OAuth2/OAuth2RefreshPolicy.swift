public import Foundation

/// When to refresh an access token and when to warn about a refresh token that is about to lapse. Pure: the time
/// is given.
public struct OAuth2RefreshPolicy: Sendable, Equatable {
    /// Refresh this long before the access token expires (default 5 minutes). For a token that lives less than twice
    /// the margin, it is refreshed at half its life instead, so a short-lived token is still used.
    public var margin: Duration
    /// Warn when the refresh token lapses within this long (default 7 days).
    public var warningWindow: Duration
    /// The lifetime assumed when the endpoint gives no `expires_in` (default 1 hour, what Microsoft and Google give).
    public var assumedLifetime: Duration

    /// A policy.
    public init(margin: Duration = .seconds(300), warningWindow: Duration = .seconds(7 * 86_400),
                assumedLifetime: Duration = .seconds(3600)) {
        self.margin = margin
        self.warningWindow = warningWindow
        self.assumedLifetime = assumedLifetime
    }

    /// When a token received at `receivedAt` with `expiresIn` seconds should be replaced.
    public func refreshTime(receivedAt: Date, expiresIn: Int?) -> Date {
        let lifetime = expiresIn.map { Double(max(0, $0)) } ?? Self.seconds(assumedLifetime)
        let early = min(Self.seconds(margin), lifetime / 2)
        return receivedAt.addingTimeInterval(lifetime - early)
    }

    /// Whether to ask for a new token now: there is none, or its refresh time has come.
    public func needsRefresh(refreshAt: Date?, now: Date) -> Bool {
        guard let refreshAt else { return true }
        return now >= refreshAt
    }

    /// The seconds left before the refresh token lapses when that is within the warning window (0 when it has),
    /// nil when there is no known expiry or it is further away.
    public func refreshTokenWarning(expiresAt: Date?, now: Date) -> TimeInterval? {
        guard let expiresAt else { return nil }
        let left = expiresAt.timeIntervalSince(now)
        return left <= Self.seconds(warningWindow) ? max(0, left) : nil
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}
