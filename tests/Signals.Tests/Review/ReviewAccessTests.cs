using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Playwright;
using Signals.Review;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Review;

/// <summary>
/// Who gets in. "Non-local" is tested honestly: the page listens on every interface and the test connects through
/// this machine's own non-loopback address, so the server sees a remote address that is not loopback — exactly what
/// a request from another machine looks like to it. Nothing is faked with headers; a proxy header only ever makes a
/// loopback request non-local.
/// </summary>
[NonParallelizable]
public sealed class ReviewAccessTests
{
    private const string User = "analyst";
    private const string Password = "correct horse battery staple";
    private string _dir = null!;
    private Process _review = null!;
    private int _port;
    private IPAddress _external = null!;

    [OneTimeSetUp]
    public async Task ServeTheReviewPageOnEveryInterfaceWithOneUser()
    {
        _external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InconclusiveException("this machine has no non-loopback IPv4 address to connect from, so a non-local request cannot be made");
        _dir = TestPaths.TempDirectory();
        _port = LoopbackHttpServer.FreePort();
        var worker = new WorkerProcess(_dir);
        worker.Environment["Signals__Review__Host"] = "*";
        worker.Environment[$"Signals__Review__Users__{User}"] = PasswordHash.Hash(Password);
        _review = worker.Start("review", "--port", _port.ToString());
        await WorkerProcess.WaitForReviewAsync(_review, _port);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        if (_review is { HasExited: false }) _review.Kill(entireProcessTree: true);
        _review?.Dispose();
        if (_dir is not null && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    [Test]
    public async Task An_unauthenticated_request_from_another_address_is_refused_and_a_local_one_is_served()
    {
        using var http = Client();
        var remote = $"http://{_external}:{_port}";

        Assert.That((await http.GetAsync($"{remote}/api/alerts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var page = await http.GetAsync($"{remote}/alerts/1?page=2");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Headers.Location?.OriginalString, Is.EqualTo("/login?returnUrl=%2Falerts%2F1%3Fpage%3D2"));
        var put = await http.PutAsync($"{remote}/api/posts/1/verdict", new StringContent("""{"verdict":"adverse_event"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await http.PostAsync($"{remote}/posts/1/verdict", new FormUrlEncodedContent([new("verdict", "adverse_event")]))).StatusCode,
            Is.EqualTo(HttpStatusCode.Unauthorized));

        Assert.That((await http.GetAsync($"http://127.0.0.1:{_port}/api/alerts")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "from this machine");
        using var proxied = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_port}/api/alerts") { Headers = { { "X-Forwarded-For", "203.0.113.9" } } };
        Assert.That((await http.SendAsync(proxied)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "relayed by a proxy on this machine: not local");
    }

    [Test]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused_even_locally()
    {
        using var http = Client();
        var response = await http.PostAsync($"http://127.0.0.1:{_port}/alerts/1/status", new FormUrlEncodedContent([new("status", "dismissed")]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("anti-forgery"));
    }

    [Test]
    public async Task A_configured_user_signs_in_from_another_address_and_a_wrong_password_is_refused()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://{_external}:{_port}/");
        Assert.That(page.Url, Does.Contain("/login"));

        await page.Locator("input[name=user]").FillAsync(User);
        await page.Locator("input[name=password]").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.That(await page.Locator(".error").InnerTextAsync(), Is.EqualTo("Unknown user or wrong password."));

        await page.Locator("input[name=user]").FillAsync(User);
        await page.Locator("input[name=password]").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"http://{_external}:{_port}/");
        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Alerts"));
        Assert.That(await page.Locator("header .user").InnerTextAsync(), Does.Contain(User));
        var api = await page.APIRequest.GetAsync($"http://{_external}:{_port}/api/alerts");
        Assert.That(api.Status, Is.EqualTo(200), "the sign-in cookie opens the API too");
    }

    [Test]
    public async Task Sign_in_attempts_from_one_address_are_limited_to_ten_a_minute()
    {
        using var http = Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
            statuses.Add((await http.PostAsync($"http://127.0.0.1:{_port}/login", new FormUrlEncodedContent([new("user", User), new("password", "guess")]))).StatusCode);
        Assert.That(statuses.Take(10), Is.All.EqualTo(HttpStatusCode.BadRequest), "no anti-forgery token: refused, but counted");
        Assert.That(statuses[10], Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Listening_beyond_this_machine_without_users_is_refused_at_start_naming_the_key()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Signals__Review__Host"] = "0.0.0.0";
        var (exit, _, stderr) = await worker.RunAsync("review", "--port", LoopbackHttpServer.FreePort().ToString());
        Assert.That(exit, Is.EqualTo(78));
        Assert.That(stderr, Does.Contain("Signals:Review:Users"));
    }
}
