using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>The contact form as a visitor uses it: mistakes are shown beside the fields with the answers kept, then a valid message is thanked.</summary>
public sealed class VisitorSendsTheContactFormTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task Bad_input_is_marked_beside_the_fields_with_what_was_typed_kept_then_a_valid_message_is_thanked() =>
        InBrowserAsync(async page =>
        {
            await page.GotoAsync("/contact/");
            var form = page.Locator("section#form-contact");
            await form.GetByLabel("A comment").CheckAsync();
            await form.GetByLabel("Full name").FillAsync("Mari Maasikas");
            await form.GetByLabel("Email address").FillAsync("mari@example.ee");
            await form.GetByLabel("Message").FillAsync("Thank you for the clear privacy policy.");

            // The page's script stops a form without the required tick, and says so beside the box.
            await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(page.Locator("#f-contact-privacy-client-error")).ToHaveTextAsync("Please tick the box to agree.");
            Assert.EndsWith("/contact/", page.Url, StringComparison.Ordinal);

            // What the script lets through, the server checks again: an address only the server refuses.
            await page.Locator("#f-contact-privacy").CheckAsync();
            await page.EvaluateAsync("() => { const e = document.querySelector('#f-contact-email'); e.type = 'text'; e.value = 'mari-at-example'; }");
            await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

            await Expect(page.Locator("#f-contact-email-error")).ToHaveTextAsync("Enter an email address such as name@example.org.");
            await Expect(page.Locator("#f-contact-email")).ToHaveValueAsync("mari-at-example");
            await Expect(page.Locator("#f-contact-privacy")).ToBeCheckedAsync();
            await Expect(page.Locator("#f-contact-name")).ToHaveValueAsync("Mari Maasikas");
            await Expect(page.Locator("#f-contact-message")).ToHaveValueAsync("Thank you for the clear privacy policy.");
            await Expect(page.Locator("#f-contact-email")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please correct the marked fields");

            // The topic shows only for a question, as the server decides too.
            await Expect(page.Locator("[data-field=topic]")).ToBeHiddenAsync();
            await form.GetByLabel("A question (inquiry)").CheckAsync();
            await Expect(page.Locator("[data-field=topic]")).ToBeVisibleAsync();
            await form.GetByLabel("A comment").CheckAsync();

            await page.Locator("#f-contact-email").FillAsync("mari@example.ee");
            await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Thank you for writing. We answer inquiries within a few working days.");
            Assert.EndsWith("/contact/?sent=contact#form-contact", page.Url, StringComparison.Ordinal);
        });
}
