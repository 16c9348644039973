/** File plumbing for the jobs on any Hadoop file system (local, HDFS, object stores). */
package org.robustr1.spark.io;
