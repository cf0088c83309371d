/**
 * Who is calling and how much they may take: the app and its roles from the verified bearer token
 * (verified tokens remembered, bounded), fair use per app and instance (a request rate and a share
 * of rule-evaluation CPU, both refused as over fair use), and the
 * check that production starts with a verification key and issuer.
 */
package dev.bonafide.security;
