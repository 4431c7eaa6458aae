namespace Isoc.Plugins.Mail;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (new, or retrying after a 4xx reply or a dropped connection).</summary>
    Pending,

    /// <summary>Handed to the server right now. Found at start, it means the sender stopped mid-send.</summary>
    Sending,

    /// <summary>The server acknowledged it; never sent again.</summary>
    Sent,

    /// <summary>A 5xx reply, or too many attempts: needs a person.</summary>
    Failed,

    /// <summary>In flight when the sender stopped: it may or may not have arrived, so it is not re-sent by itself.</summary>
    Review,
}

/// <summary>One message in the durable outbox: the whole MIME message as it will be sent, with its fixed Message-ID.</summary>
public sealed class OutboxMail
{
    public Guid Id { get; set; }

    /// <summary>The Message-ID header (without angle brackets); fixed at enqueue, so a duplicate is detectable downstream.</summary>
    public string MessageId { get; set; } = "";

    public string Recipient { get; set; } = "";

    public string Subject { get; set; } = "";

    /// <summary>What kind of mail (the template's name), for the backoffice list.</summary>
    public string Kind { get; set; } = "";

    public byte[] Mime { get; set; } = [];

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }
}
