"""Makes an ElastiCache IAM token with botocore's own SigV4 presigner, as AWS's Python example does.

Usage: python3 botocore_token.py CACHE_ID USER_ID REGION ACCESS_KEY_ID [serverless] [expires=900]
       [at=EPOCH_SECONDS] [service=elasticache] [session-token=T]
The secret access key is read from stdin, so it never shows in a process list. Prints the token.
"""
import datetime
import sys

import botocore.auth
import botocore.awsrequest
import botocore.credentials


def main(argv):
    cache_id, user_id, region, access_key = argv[:4]
    options = dict(a.split("=", 1) if "=" in a else (a, "1") for a in argv[4:])
    secret = sys.stdin.readline().strip()
    if "at" in options:
        fixed = datetime.datetime.fromtimestamp(int(options["at"]), tz=datetime.timezone.utc).replace(tzinfo=None)
        botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
    params = {"Action": "connect", "User": user_id}
    if "serverless" in options:
        params["ResourceType"] = "ServerlessCache"
    request = botocore.awsrequest.AWSRequest(method="GET", url="http://%s/" % cache_id, params=params)
    credentials = botocore.credentials.Credentials(access_key, secret, options.get("session-token"))
    botocore.auth.SigV4QueryAuth(credentials, options.get("service", "elasticache"), region,
                                 expires=int(options.get("expires", "900"))).add_auth(request)
    print(request.url[len("http://"):])


if __name__ == "__main__":
    main(sys.argv[1:])
