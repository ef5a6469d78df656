#!/bin/bash
# Push the web tree to the fleet every minute (cron). Old and proud.
set -e

SRC=/data/www
HOSTS="web1 web2"
OPTS="-avz --delete --timeout=30"   # shared options

cd /data/www

for h in $HOSTS; do
  rsync $OPTS --exclude '*.tmp' --exclude=".git/" \
        --exclude-from=/etc/rsync/www.exclude \
        "$SRC/template/" "$h::www/template/" >> /var/log/push.log 2>&1
done

# resource goes as a directory, into the module root; two sources in one line
for h in web1 web2; do rsync -az --delete resource "$SRC"/static $h::www/ ; done

# the backup host over ssh on port 2222
rsync -a --delete -e "ssh -p 2222" $SRC/template/ deploy@backup1:/srv/www/template/
rsync -a -e 'ssh -p 2222' --bwlimit=500 /data/www/resource deploy@backup1:/srv/www

echo "pushed at $(date)"
