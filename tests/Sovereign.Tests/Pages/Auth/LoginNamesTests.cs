using CsCheck;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Tests.Pages.Auth;

/// <summary>One canonical form of a username or e-mail address, the same on both databases: NFKC, no invisible characters, case-folded.</summary>
public class LoginNamesTests
{
    [Theory]
    [InlineData("Alex", "alex")]
    [InlineData("ALEX", "alex")]
    [InlineData("Al\u00ADex", "alex")]           // soft hyphen
    [InlineData("Al\u200Bex", "alex")]           // zero-width space
    [InlineData("\uFEFFAlex\u2060", "alex")]     // byte-order mark, word joiner
    [InlineData("Al\u200Dex\u200C", "alex")]     // zero-width joiner and non-joiner
    [InlineData("Ａｌｅｘ", "alex")]               // full-width letters
    [InlineData("ａｌｅｘ＠ｅｘａｍｐｌｅ．ｏｒｇ", "alex@example.org")]
    [InlineData("\u212Aate", "kate")]            // Kelvin sign
    [InlineData("\uFB01sh", "fish")]             // the ﬁ ligature
    [InlineData("Ὀδυσσεύς", "ὀδυσσεύσ")]
    [InlineData("ΟΔΥΣΣΕΥΣ", "οδυσσευσ")]         // final sigma folds with sigma
    [InlineData("οδυσσευς", "οδυσσευσ")]
    [InlineData("Cafe\u0301", "café")]           // combining accent composed
    [InlineData("José", "josé")]
    [InlineData("a\uFE0Fb\U000E0041", "ab")]     // a variation selector and a tag character
    public void Spellings_of_one_name_have_one_canonical_form(string typed, string canonical) =>
        Assert.Equal(canonical, LoginNames.Canonical(typed));

    [Theory]
    [InlineData("alex", "alec")]
    [InlineData("jose", "josé")]                 // an accent is a different letter, as the database's collation said too
    [InlineData("a b", "ab")]
    public void Different_names_stay_different(string one, string other) =>
        Assert.NotEqual(LoginNames.Key(one), LoginNames.Key(other));

    [Fact]
    public void The_canonical_form_is_a_fixed_point() =>
        Gen.String.Sample(s => LoginNames.Canonical(LoginNames.Canonical(s)) == LoginNames.Canonical(s));

    [Fact]
    public void The_key_is_the_same_for_every_spelling_and_says_nothing_of_the_name()
    {
        Assert.Equal(LoginNames.Key("alex@example.org"), LoginNames.Key("ＡＬＥＸ@example\u00AD.org"));
        Assert.Matches("^[0-9a-f]{64}$", LoginNames.Key("alex"));
    }
}
