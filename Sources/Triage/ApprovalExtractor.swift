public import Mail

/// Reads an admin's answer to an approval request: the ticket from the `[MOACTS #N]` subject tag and the decision
/// from the first words of the new text ("APPROVE", "Yes, approved", "Reject - wrong person").
public enum ApprovalExtractor {
    /// The decision the new text opens with, if any.
    public static func decision(in message: ParsedMessage) -> ApprovalDecision? {
        // Only the first line that says something matters.
        guard let line = message.content.newText.split(separator: "\n").first(where: { $0.contains { !$0.isWhitespace } }) else { return nil }
        let first = TextNormalizer.fold(String(line))
        if first.isEmpty { return nil }
        if first.hasPrefix("👍") || first.hasPrefix("✅") || first.hasPrefix("+1") { return .approve }
        if first.hasPrefix("👎") || first.hasPrefix("❌") { return .reject }
        let words = first.split(whereSeparator: { !$0.isLetter }).prefix(4).map(String.init)
        guard let w0 = words.first else { return nil }
        if first.hasPrefix("nope") || first.hasPrefix("not approved") { return .reject }
        if first.hasPrefix("hold off") || first.hasPrefix("please hold") || first.hasPrefix("do not") || first.hasPrefix("don't") { return .reject }
        if first.hasPrefix("no,") || first.hasPrefix("no.") || first.hasPrefix("no -") || first.hasPrefix("no!") || first == "no" { return .reject }
        let approve: Set<String> = ["approve", "approved", "approving", "yes", "ok", "okay", "lgtm", "confirmed", "accept", "accepted", "go",
                                    "si", "aprobado", "aprobada", "apruebo", "yep", "yup", "proceed", "granted", "agreed"]
        let reject: Set<String> = ["reject", "rejected", "rejecting", "deny", "denied", "decline", "declined", "no", "refuse", "refused", "cancel",
                                   "rechazado", "rechazada", "rechazo", "negado", "nope"]
        // Words that approve only as a short answer ("fine by me", "sure", "sounds good"), not as a greeting.
        if first.count <= 30, ["fine", "sure", "sounds", "good"].contains(w0), !first.hasPrefix("good morning"),
           !first.hasPrefix("good afternoon"), !first.hasPrefix("good evening") {
            return .approve
        }
        let firstTwo = Set(words.prefix(3))
        if reject.contains(w0) || (!approve.contains(w0) && !firstTwo.isDisjoint(with: ["reject", "rejected", "deny", "denied", "decline", "declined"])) {
            // "No" alone is only a rejection in a short answer.
            if w0 == "no" && words.count > 3 && first.count > 40 { return nil }
            return .reject
        }
        if approve.contains(w0) || !firstTwo.isDisjoint(with: ["approve", "approved"]) {
            if w0 == "go" && !(first.hasPrefix("go ahead") || first.hasPrefix("go for it")) { return nil }
            return .approve
        }
        return nil
    }
}
