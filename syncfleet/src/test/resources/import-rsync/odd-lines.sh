#!/bin/sh
# Everything here is something syncfleet cannot take over as is.
rsync -a /data/www/*.html web3::www/                     # wildcard source
rsync -a /data/www/template/ web3::www/template/ | tee /tmp/push.out
rsync -a --include='*.html' --exclude='*' /data/www/template/ web3::www/template/
rsync -a --frobnicate /data/www/template/ web3::www/template/
rsync -a /data/www/template/ $UNSET_HOST::www/template/
while read host; do
  rsync -a /data/www/template/ "$host::www/template/"
done < /etc/hosts.list
rsync -a /data/www/template/ /mnt/copy/template/
rsync -a /data/www/template/ web3:relative/dir/
rsync -a /data/www/template/ web4::tpl/
rsync -a web5::www/template/ /data/www/template/
rsync -a --exclude-from=/nonexistent/excludes /data/www/template/ rsync://web6:8873/www/template
scp -r /data/www web7:/srv/
rsync -a /data/www/resource/ web4::res/
