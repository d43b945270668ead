# A third party's signed call for Keyway's tests (testing/ExternalOAuthClients): Perl's Net::OAuth
# (Debian libnet-oauth-perl), OAuth 1.0a with HMAC-SHA256 in the Authorization header; HTTP::Tiny
# sends it. Credentials and the request come from the environment; prints the status, a new line,
# the body.
use strict;
use warnings;
use Net::OAuth;
use HTTP::Tiny;
use URI;

$Net::OAuth::PROTOCOL_VERSION = Net::OAuth::PROTOCOL_VERSION_1_0A;

my $url = URI->new($ENV{CALL_URL});
my %query = $url->query_form;    # decoded pairs; Net::OAuth encodes them once in the base string
my $base = $url->clone;
$base->query(undef);
my $request = Net::OAuth->request('protected resource')->new(
	consumer_key     => $ENV{OAUTH_CONSUMER_KEY},
	consumer_secret  => $ENV{OAUTH_CONSUMER_SECRET},
	token            => $ENV{OAUTH_TOKEN},
	token_secret     => $ENV{OAUTH_TOKEN_SECRET},
	request_url      => $base->as_string,
	request_method   => $ENV{CALL_METHOD},
	signature_method => 'HMAC-SHA256',
	timestamp        => time,
	nonce            => join('', map { ('a' .. 'z', 0 .. 9)[rand 36] } 1 .. 32),
	extra_params     => \%query,
);
$request->sign;
my $body = $ENV{CALL_BODY} // '';
my %headers = (Authorization => $request->to_authorization_header, Accept => 'application/json');
$headers{'Content-Type'} = 'application/json' if length $body;
my $response = HTTP::Tiny->new(timeout => 20)->request($ENV{CALL_METHOD}, $url->as_string,
	{ headers => \%headers, (length $body ? (content => $body) : ()) });
binmode STDOUT, ':raw';
print $response->{status}, "\n", $response->{content} // '';
