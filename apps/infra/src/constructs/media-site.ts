import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { FEED_CACHE_SECONDS, PREFIX } from '../constants';
import { MissingArtifactError } from '../errors';
import { acknowledge } from '../nag-suppressions';

/** Props of {@link MediaSite}. */
export interface MediaSiteProps {
  /** Built dashboard folder (apps/web/dist), must hold index.html. */
  readonly webDist: string;
  /** Days before `samples/` and `segments/` objects expire. */
  readonly derivedObjectDays: number;
}

/**
 * One private bucket serving the dashboard, feeds and media through CloudFront with Origin
 * Access Control. Derived objects expire; clips and feeds are kept.
 */
export class MediaSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: MediaSiteProps) {
    super(scope, id);
    if (!existsSync(join(props.webDist, 'index.html'))) {
      throw new MissingArtifactError(
        `the dashboard is not built: ${join(props.webDist, 'index.html')} is missing. ` +
          'Build it first with `npx nx run web:build` (nx run infra:synth / infra:deploy do this for you).',
        props.webDist,
      );
    }
    const expire = Duration.days(props.derivedObjectDays);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // clips are the product: the bucket survives `cdk destroy` (see README, teardown)
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-samples', prefix: PREFIX.samples, expiration: expire },
        { id: 'expire-segments', prefix: PREFIX.segments, expiration: expire },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'server access logs would double S3 request costs per channel; CloudTrail data events can be enabled per account if needed',
    );
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    // feeds change every few seconds: honour their short Cache-Control, never cache for long
    const feedCache = new cloudfront.CachePolicy(this, 'FeedCache', {
      comment: 'CatFinder feeds: seconds-long caching',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(FEED_CACHE_SECONDS),
      maxTtl: Duration.seconds(60),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'CatFinder dashboard and media',
      defaultRootObject: 'index.html',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        // CloudFront forwards Range to S3 and caches ranges of the object: MP4 seeking works
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
      },
      additionalBehaviors: {
        [`${PREFIX.feeds}*`]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: feedCache,
          compress: true,
        },
      },
    });

    this.deployDashboard(props.webDist);
  }

  /** Acknowledged CloudFront findings, and the dashboard upload (prune off: the bucket holds pipeline output). */
  private deployDashboard(webDist: string): void {
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'a public demo dashboard: no geographic restriction is wanted');
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'read-only static site and media behind OAC; WAF costs more than the whole stack',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'access logs need an ACL-enabled log bucket and cost per request; enable when operating at scale',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'the default *.cloudfront.net certificate cannot set a minimum TLS version; attach a custom domain and certificate to enforce TLSv1.2_2021',
    );

    new s3deploy.BucketDeployment(this, 'Dashboard', {
      sources: [
        s3deploy.Source.asset(webDist),
        s3deploy.Source.jsonData('config.json', { feedsBase: PREFIX.feeds, mediaOrigin: '' }),
      ],
      destinationBucket: this.bucket,
      // never prune: the same bucket holds feeds, clips and samples written by the pipeline
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
    });
  }

  /** https URL of the dashboard. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }
}
