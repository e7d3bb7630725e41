using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Signals.Review;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Review;

/// <summary>
/// The review page against a browser-borne attacker, over real HTTP: a foreign Host header (DNS rebinding), a sign-in form
/// whose return address leads off-site, a cookie replayed after logout, and sign-in timing that tells which user names exist.
/// Signed-in requests come through this machine's own non-loopback address, as in <see cref="ReviewAccessTests"/>.
/// </summary>
[NonParallelizable]
public sealed partial class ReviewSecurityTests
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
            ?? throw new InvalidOperationException("this machine has no non-loopback IPv4 address to connect from");
        _dir = TestPaths.TempDirectory();
        _port = LoopbackHttpServer.FreePort();
        var worker = new WorkerProcess(_dir);
        worker.Environment["Signals__Review__Host"] = "*";
        worker.Environment[$"Signals__Review__Users__{User}"] = PasswordHash.Hash(Password);
        worker.Environment["Signals__Review__AllowedHosts__0"] = "review.example.org";
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

    private static HttpRequestMessage Request(HttpMethod method, string url, string? host = null, string? cookies = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (host is not null) request.Headers.Host = host;
        if (cookies is not null) request.Headers.Add("Cookie", cookies);
        return request;
    }

    [Test]
    public async Task A_request_naming_a_foreign_host_is_refused_with_400_even_from_loopback_and_known_names_are_served()
    {
        using var http = Client();
        var api = $"http://127.0.0.1:{_port}/api/alerts";

        Assert.That((await http.SendAsync(Request(HttpMethod.Get, api, host: "evil.example"))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await http.SendAsync(Request(HttpMethod.Get, api, host: $"evil.example:{_port}"))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var put = await http.SendAsync(Request(HttpMethod.Put, $"http://127.0.0.1:{_port}/api/posts/1/verdict", host: "evil.example",
            content: new StringContent("""{"verdict":"adverse_event"}""", System.Text.Encoding.UTF8, "application/json")));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await put.Content.ReadAsStringAsync(), Does.Contain("Signals:Review:AllowedHosts"));

        foreach (var known in new[] { $"localhost:{_port}", $"127.0.0.1:{_port}", "review.example.org", $"[::1]:{_port}" })
            Assert.That((await http.SendAsync(Request(HttpMethod.Get, api, host: known))).StatusCode, Is.EqualTo(HttpStatusCode.OK), known);
    }

    [TestCase("/\t/evil.example/", "/")]
    [TestCase("/\\evil.example/", "/")]
    [TestCase("\\/evil.example/", "/")]
    [TestCase("/\n/evil.example", "/")]
    [TestCase("//evil.example", "/")]
    [TestCase("https://evil.example/", "/")]
    [TestCase("/alerts/1?page=2", "/alerts/1?page=2")]
    public void A_return_address_is_kept_only_when_a_browser_reads_it_as_a_path_on_this_site(string returnUrl, string expected) =>
        Assert.That(ReturnUrl.LocalOr(returnUrl, "/"), Is.EqualTo(expected));

    [Test]
    public async Task Signing_in_with_a_return_address_that_a_browser_reads_as_another_host_lands_on_the_alert_list()
    {
        using var http = Client();
        var (cookie, token) = await LoginFormAsync(http);
        var response = await http.SendAsync(SignIn(cookie, token, Password, "/\t/evil.example/"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task After_logout_the_old_sign_in_cookie_no_longer_opens_the_page_or_the_api()
    {
        using var http = Client();
        var (csrfCookie, token) = await LoginFormAsync(http);
        var signedIn = await http.SendAsync(SignIn(csrfCookie, token, Password, "/"));
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var session = Cookies(signedIn).Single(c => c.StartsWith("signals-review=", StringComparison.Ordinal));
        var cookies = $"{csrfCookie}; {session}";
        var remote = $"http://{_external}:{_port}";
        Assert.That((await http.SendAsync(Request(HttpMethod.Get, $"{remote}/api/alerts", cookies: cookies))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed in");

        var page = await (await http.SendAsync(Request(HttpMethod.Get, $"{remote}/", cookies: cookies))).Content.ReadAsStringAsync();
        var logoutToken = TokenIn(page);
        var logout = await http.SendAsync(Request(HttpMethod.Post, $"{remote}/logout", cookies: cookies,
            content: new FormUrlEncodedContent([new("__RequestVerificationToken", logoutToken)])));
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await logout.Content.ReadAsStringAsync());

        Assert.That((await http.SendAsync(Request(HttpMethod.Get, $"{remote}/api/alerts", cookies: cookies))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized),
            "the copy of the cookie taken before logout");
        Assert.That((await http.SendAsync(Request(HttpMethod.Get, $"{remote}/", cookies: cookies))).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "to the sign-in form");
    }

    [Test]
    public async Task Refusing_an_unknown_user_takes_as_long_as_refusing_a_known_user_with_a_wrong_password()
    {
        // From loopback: its own sign-in allowance (10 a minute per address), apart from the external address's sign-ins above.
        using var http = Client();
        var (cookie, token) = await LoginFormAsync(http, $"http://127.0.0.1:{_port}");
        async Task<double> TimeAsync(string user)
        {
            var watch = Stopwatch.StartNew();
            var response = await http.SendAsync(SignIn(cookie, token, "wrong password", "/", user, $"http://127.0.0.1:{_port}"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            return watch.Elapsed.TotalMilliseconds;
        }
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            known.Add(await TimeAsync(User));
            unknown.Add(await TimeAsync($"nobody{i}"));
        }
        // Before: 5–25 ms against 440–710 ms. The fastest of each is compared: whatever else the machine runs only ever adds
        // time, so a median of three can still land on a slowed sign-in; the minimum is the work each path cannot skip.
        // Half is a wide margin, and far from the old gap.
        Assert.That(unknown.Min(), Is.GreaterThan(known.Min() / 2),
            $"fastest: unknown {unknown.Min():0} ms, known {known.Min():0} ms; all: unknown {string.Join(", ", unknown.Select(t => t.ToString("0")))}, known {string.Join(", ", known.Select(t => t.ToString("0")))}");
    }

    private async Task<(string Cookie, string Token)> LoginFormAsync(HttpClient http, string? origin = null)
    {
        var response = await http.SendAsync(Request(HttpMethod.Get, $"{origin ?? $"http://{_external}:{_port}"}/login"));
        return (Cookies(response).Single(c => c.StartsWith("signals-review-csrf=", StringComparison.Ordinal)), TokenIn(await response.Content.ReadAsStringAsync()));
    }

    private HttpRequestMessage SignIn(string cookie, string token, string password, string returnUrl, string user = User, string? origin = null) =>
        Request(HttpMethod.Post, $"{origin ?? $"http://{_external}:{_port}"}/login", cookies: cookie, content: new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("user", user), new("password", password), new("returnUrl", returnUrl)]));

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    private static string TokenIn(string html) => WebUtility.HtmlDecode(TokenInput().Match(html) is { Success: true } m ? m.Groups[1].Value
        : throw new AssertionException("no anti-forgery token in the page"));

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex TokenInput();
}
