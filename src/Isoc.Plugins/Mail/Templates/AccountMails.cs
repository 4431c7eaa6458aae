namespace Isoc.Plugins.Mail.Templates;

/// <summary>"Confirm your address": the link activates the account; nothing is active before it is followed.</summary>
public sealed class ConfirmAddressMail : TransactionalMail
{
    public required string Name { get; init; }

    public required Uri Link { get; init; }

    public override string Kind => "confirm-address";

    public override string Subject => Estonian ? "Kinnitage oma e-posti aadress" : "Confirm your email address";

    public override Type HtmlTemplate => typeof(ConfirmAddressHtml);

    public override Type TextTemplate => typeof(ConfirmAddressText);
}

/// <summary>"Reset your password": the link opens the form that sets a new one.</summary>
public sealed class ResetPasswordMail : TransactionalMail
{
    public required string Name { get; init; }

    public required Uri Link { get; init; }

    public override string Kind => "reset-password";

    public override string Subject => Estonian ? "Parooli lähtestamine" : "Reset your password";

    public override Type HtmlTemplate => typeof(ResetPasswordHtml);

    public override Type TextTemplate => typeof(ResetPasswordText);
}

/// <summary>Sent once the address is confirmed.</summary>
public sealed class WelcomeMail : TransactionalMail
{
    public required string Name { get; init; }

    public required Uri AccountLink { get; init; }

    public override string Kind => "welcome";

    public override string Subject => Estonian ? "Tere tulemast Interneti Ühingusse" : "Welcome to the Internet Society";

    public override Type HtmlTemplate => typeof(WelcomeHtml);

    public override Type TextTemplate => typeof(WelcomeText);
}
